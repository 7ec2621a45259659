/**
 * Event types that exist only in tests (`test.*`), merged into the typed map so that tests publish
 * and subscribe to them like the modules do. No module defines them: the platform knows no schema
 * for them and the AsyncAPI document leaves them out.
 */
declare module '../../src/platform/events/types.js' {
  interface AppEvents {
    'test.a': { n: number };
    'test.b': { n: number };
    'test.c': { n: number };
    'test.nobody': { n: number };
    'test.flaky': { n: number };
    'test.early': { probe: string };
  }
}

export {};
