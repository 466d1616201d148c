import { formatRefreshToken, parseRefreshToken } from './refresh-token';

describe('refresh tokens', () => {
  it('parse what they format', () => {
    const parts = { familyId: 'A_qCZfabItJYydKD--eInqXs', secret: 'n-zih9SSd3IjHUOauU9B0DZmGgnV7R5prIBpp_TsVSs' };
    expect(parseRefreshToken(formatRefreshToken(parts))).toEqual(parts);
  });

  it.each([
    '',
    'srt_',
    'srt_short.secret',
    'xrt_A_qCZfabItJYydKD--eInqXs.n-zih9SSd3IjHUOauU9B0DZmGgnV7R5prIBpp_TsVSs',
    `srt_${'a'.repeat(20)}.${'b'.repeat(65)}`,
  ])('refuses %j without a database read', (token) => {
    expect(parseRefreshToken(token)).toBeNull();
  });
});
