/** The built pages (`npm run build`): index.html (storefront and ops), console.html, hashed assets. */
export declare const webPagesDirectory: string;
