/** The built till page (`npm run build`): index.html and its hashed assets. */
export declare const tillPagesDirectory: string;
