/** The part of `s3rver` (a fake S3 server for tests; no bundled types) the storage test starts. */
declare module 's3rver' {
  interface S3rverOptions { address?: string; port?: number; silent?: boolean; directory: string; configureBuckets?: { name: string; configs?: Buffer[] }[]; resetOnClose?: boolean }
  class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<{ address: string; port: number }>;
    close(): Promise<void>;
  }
  export default S3rver;
}
