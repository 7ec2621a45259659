/**
 * Orders module: orders with line snapshots, fees/adjustments, returns. So far it holds the
 * historical orders of imports; the buying flow (checkout, lifecycle, shipments) builds on it.
 * This file is the module's only import surface.
 */
import type { AppModule, ModuleContext } from '../../platform/module.js';
import type { OrdersContract } from './orders.contract.js';
import { OrdersService } from './orders.service.js';

export type { Address, OrderEvents, OrderEventName, OrderSnapshot, ShipmentSnapshot } from './orders.events.js';
export type { OrdersContract, ImportedOrder, ImportedReturn, ImportedOrderLine, ImportedFee } from './orders.contract.js';

/** Creates the orders module and its contract. */
export function createOrdersModule(ctx: ModuleContext): AppModule & { contract: OrdersContract } {
  const service = new OrdersService(ctx.database);
  return {
    name: 'orders',
    migrations: { name: 'orders', folder: 'src/modules/orders/db/migrations' },
    contract: {
      importHistory: (tx, source, batch) => service.importHistory(tx, source, batch),
      counts: () => service.counts(),
    },
  };
}
