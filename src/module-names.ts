/** Every module's name, in the order `createApp` composes them: what `serve --modules` / `COMPTOIR_MODULES` accept. */
export const MODULE_NAMES = ['identity', 'sites', 'catalog', 'search', 'promotions', 'cart', 'orders', 'imports', 'notifications', 'payments', 'analytics', 'support', 'recommendations', 'newsletters'] as const;

/** A module name, as `serve --modules`, `COMPTOIR_SERVICES` and the gateway's upstream map spell it. */
export type ModuleName = (typeof MODULE_NAMES)[number];
