// Types of mnist-asset.mjs, for vite.config.ts and the tests.
export declare const MNIST_ASSET_FILE: string;
export declare const MNIST_ASSET_MAGIC: string;
export declare const MNIST_ASSET_VERSION: number;
export declare const MNIST_ASSET_HEADER_BYTES: number;
export declare function encodeMnistAsset(options?: { readonly train?: number; readonly test?: number }): Uint8Array;
