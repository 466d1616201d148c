import { validateUpsertProduct } from './product';

const valid = { sku: 'SG-1', name: 'Mug', priceAmount: 1200, priceCurrency: 'EUR' };

describe('product rules', () => {
  it('accepts a valid product', () => {
    expect(() => validateUpsertProduct(valid)).not.toThrow();
  });

  it.each([
    [{ ...valid, name: '  ' }, 'name must not be blank'],
    [{ ...valid, name: 'x'.repeat(201) }, 'name must be 1 to 200 characters'],
    [{ ...valid, name: 'Mug\u0000' }, 'name must not hold control characters'],
    [{ ...valid, name: '\u001b[31mMug' }, 'name must not hold control characters'],
    [{ ...valid, priceCurrency: 'ZZZ' }, 'ISO 4217 code in use'],
    [{ ...valid, priceAmount: -1 }, 'price.amount must be whole minor units'],
    [{ ...valid, priceAmount: 10.5 }, 'price.amount must be whole minor units'],
    [{ ...valid, priceCurrency: 'euro' }, 'ISO 4217'],
    [{ ...valid, sku: 'no spaces' }, 'is not a sku'],
  ])('refuses %o', (request, message) => {
    expect(() => validateUpsertProduct(request)).toThrow(message);
  });
});
