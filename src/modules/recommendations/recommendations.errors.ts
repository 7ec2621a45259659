import { conflict, notFound } from '../../platform/errors.js';

/** Stable error codes of recommendations (HTTP status in brackets). */
export const RecommendationsErrors = {
  /** [409] A model build is running; `buildId` names it. */
  buildRunning: (buildId: string) => conflict('RECOMMENDATIONS.BUILD_RUNNING', `The model build ${buildId} is running; ask again once it has finished`, { buildId }),
  /** [404] No build with this id. */
  buildNotFound: (id: string) => notFound('RECOMMENDATIONS.BUILD_NOT_FOUND', `No model build ${id}`),
  /** [404] No category with this id (exclusions). */
  categoryNotFound: (id: string) => notFound('RECOMMENDATIONS.CATEGORY_NOT_FOUND', `No category ${id}`),
};
