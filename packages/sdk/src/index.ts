export * from './agent/index.ts';
export * from './customer/index.ts';
