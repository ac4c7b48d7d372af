export * from './agent/index.ts';
export * from './customer/index.ts';
export * from './media.ts';
