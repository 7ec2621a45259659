/** The part of `clamscan` (no bundled types) the storage scanner uses: clamd over TCP. */
declare module 'clamscan' {
  import type { Readable } from 'node:stream';
  interface ScanResult { isInfected: boolean | null; viruses: string[] }
  interface ClamdSettings { host?: string; port?: number; timeout?: number; localFallback?: boolean; bypassTest?: boolean; active?: boolean }
  class NodeClam {
    init(options: { preference?: 'clamdscan'; clamdscan?: ClamdSettings; clamscan?: { active?: boolean }; removeInfected?: boolean; debugMode?: boolean }): Promise<NodeClam>;
    scanStream(stream: Readable): Promise<ScanResult>;
  }
  export default NodeClam;
}
