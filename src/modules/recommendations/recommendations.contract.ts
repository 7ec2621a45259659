import type { BuildDto } from './recommendations.build.js';

/** What the composition root, the CLI and other modules may ask of recommendations. */
export interface RecommendationsContract {
  /**
   * Builds the model now from the whole order history and waits for it: `trigger` names who asked
   * (`cli`, `bench`…). A failed build is answered with `status` `failed` and its `error`.
   * @throws 409 RECOMMENDATIONS.BUILD_RUNNING (with `buildId`) when a build is running.
   */
  build(trigger: string): Promise<BuildDto>;
  /** Tells that imported history was written: a build starts once imports have been quiet for 10 s. */
  historyImported(): void;
}
