export * from './contract';
export * from './schemas';
export * from './validate';
export * from './transport';
