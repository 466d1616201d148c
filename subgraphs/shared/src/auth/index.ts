export * from './auth-config';
export * from './dev-issuer';
export * from './token-verifier';
export * from './service-tokens';
export * from './authenticator';
export * from './auth-checker';
