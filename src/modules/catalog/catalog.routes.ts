import { readFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { CsvResponse, EXPORT_BATCH_SIZE, majorUnits, sendCsv } from '../../platform/http/csv.js';
import { Pagination } from '../../platform/http/schemas.js';
import { assertStaffManages, DEFAULT_SITE_CODE, siteOf, staffSeesAny, staffSites } from '../../platform/http/site.js';
import { CatalogErrors } from './catalog.errors.js';
import type { HttpServer } from '../../platform/http/server.js';
import type { ObjectStore } from '../../platform/storage/index.js';
import type { LedgerNames } from './catalog.inventory.js';
import type { CatalogService } from './catalog.service.js';
import {
  AdminCategoryNodeSchema, AdminProductExportQuery, AdminProductListQuery, AdminProductSchema, ImagesBody, AvailabilityBody, AvailabilityResponse, CategoryCreateBody, CategoryNodeSchema, CategorySchema,
  CategoryUpdateBody, IdOrSlugParams, IdParams, MovementBody, MovementSchema, InventoryPageQuery, ProductCreateBody, ProductListQuery,
  ProductSchema, ProductUpdateBody, SkuParams,
} from './catalog.schemas.js';

const tags = ['catalog'];
/** Columns of the products CSV export. */
const PRODUCT_CSV_HEADER = ['product_id', 'slug', 'title', 'status', 'category', 'sku', 'variant_title', 'currency', 'price', 'cost_price', 'on_hand', 'low_stock_threshold'];
const inventoryTags = ['inventory'];
const problem = { $ref: 'Problem#' };

/** Registers the catalog's public and back-office routes. */
export function catalogRoutes(server: HttpServer, service: CatalogService, names?: LedgerNames): void {
  server.addSchema(ProductSchema);
  server.addSchema(AdminProductSchema);
  server.addSchema(CategoryNodeSchema);
  server.addSchema(AdminCategoryNodeSchema);

  // Staff limited to some sites: a product published on none of theirs does not exist for them
  // (every `/api/admin/products/:id…` route, the image routes included).
  server.addHook('preHandler', async (request) => {
    if (!request.user?.sites || !request.routeOptions.url?.startsWith('/api/admin/products/:id')) return;
    const { id } = request.params as { id: string };
    const sites = await service.products.sitesOf(id);
    if (sites && !staffSeesAny(request.user, sites)) throw CatalogErrors.productNotFound(id);
  });

  // ------------------------------------------------------------ public
  server.get('/api/categories', {
    schema: { summary: 'Category tree with the counts of the active products the current site sells (including descendants)', tags, response: { 200: Type.Object({ data: Type.Array(Type.Ref(CategoryNodeSchema)) }) } },
  }, async (request) => ({ data: await service.categories.tree(siteOf(request).code) }));

  server.get('/api/products', {
    schema: {
      summary: 'Active products the current site sells (at its prices): filter by category (with descendants), price range (minor units), stock; sort; paginate',
      tags, querystring: ProductListQuery,
      response: { 200: Type.Object({ data: Type.Array(Type.Ref(ProductSchema)), pagination: Pagination }), 400: problem },
    },
  }, async (request, reply) => reply.type('application/json; charset=utf-8').send(await service.products.listJson(request.query, siteOf(request).code)));

  server.get('/api/products/:idOrSlug', {
    schema: { summary: 'One active product the current site sells, by id or slug, with variants, the site\'s prices and available quantities (another site\'s product: 404)', tags, params: IdOrSlugParams, response: { 200: Type.Ref(ProductSchema), 404: problem } },
  }, async (request, reply) => reply.type('application/json; charset=utf-8').send(await service.products.getJson(request.params.idOrSlug, siteOf(request).code)));

  server.post('/api/inventory/availability', {
    schema: { summary: 'Can these quantities be sold now?', tags: inventoryTags, body: AvailabilityBody, response: { 200: AvailabilityResponse, 400: problem } },
  }, async (request) => service.inventory.availability(request.body.items));

  // ------------------------------------------------------------ back office
  server.get('/api/admin/products', {
    config: { permission: 'catalog:read' },
    schema: { summary: 'Products of any status, with cost prices and on-hand stock', tags, querystring: AdminProductListQuery, response: { 200: Type.Object({ data: Type.Array(Type.Ref(AdminProductSchema)), pagination: Pagination }) } },
  }, async (request) => service.products.listAdmin(request.query, staffSites(request.user, request.query.site)));

  server.get('/api/admin/products/export', {
    config: { permission: 'catalog:read' },
    schema: {
      summary: 'The product list as CSV, one line per variant (same search and filters as GET /api/admin/products, every page), streamed',
      description:
        `Columns: ${PRODUCT_CSV_HEADER.join(', ')}. Money in major units of \`currency\` (\`19.99\`). ` +
        'Text cells starting with = + - @ tab or CR are prefixed with \' (OWASP CSV injection). Read from the database in batches while it is sent.',
      tags, querystring: AdminProductExportQuery, produces: ['text/csv'], response: { 200: CsvResponse, 400: problem },
    },
  }, async (request, reply) => {
    const batches = (async function* () {
      for await (const batch of service.products.exportRows(request.query, EXPORT_BATCH_SIZE, staffSites(request.user, request.query.site))) {
        yield batch.map((r) => [
          r.productId, r.slug, r.title, r.status, r.category, r.sku, r.variantTitle, r.priceCurrency, majorUnits(r.priceAmount, r.priceCurrency),
          r.costAmount === null ? null : majorUnits(r.costAmount, r.priceCurrency), r.onHand, r.lowStockThreshold,
        ]);
      }
    })();
    return sendCsv(reply, `products-${new Date().toISOString().slice(0, 10)}.csv`, PRODUCT_CSV_HEADER, batches);
  });

  server.get('/api/admin/products/:id', {
    config: { permission: 'catalog:read' },
    schema: { summary: 'One product of any status by id or slug', tags, params: IdParams, response: { 200: Type.Ref(AdminProductSchema), 404: problem } },
  }, async (request) => service.products.getAdmin(request.params.id));

  server.post('/api/admin/products', {
    config: { permission: 'catalog:write' },
    schema: { summary: 'Create a product with its variants (one transaction)', tags, body: ProductCreateBody, response: { 201: Type.Ref(AdminProductSchema), 400: problem, 404: problem, 409: problem } },
  }, async (request, reply) => {
    assertStaffManages(request.user, request.body.sites ?? [DEFAULT_SITE_CODE]);
    return reply.status(201).send(await service.productWrites.create(request.body));
  });

  server.patch('/api/admin/products/:id', {
    config: { permission: 'catalog:write' },
    schema: { summary: 'Update a product; variants are upserted by SKU (one transaction)', tags, params: IdParams, body: ProductUpdateBody, response: { 200: Type.Ref(AdminProductSchema), 400: problem, 404: problem, 409: problem } },
  }, async (request) => {
    if (request.body.sites && request.user?.sites) {
      // Staff limited to some sites publish to and withdraw from theirs only.
      const before = (await service.products.sitesOf(request.params.id)) ?? [];
      const after = request.body.sites;
      assertStaffManages(request.user, [...after.filter((s) => !before.includes(s)), ...before.filter((s) => !after.includes(s))]);
    }
    return service.productWrites.update(request.params.id, request.body);
  });

  server.post('/api/admin/products/:id/archive', {
    config: { permission: 'catalog:write' },
    schema: { summary: 'Archive a product (hidden from the storefront, kept for history)', tags, params: IdParams, response: { 200: Type.Ref(AdminProductSchema), 404: problem } },
  }, async (request) => service.productWrites.archive(request.params.id));

  server.get('/api/admin/categories', {
    config: { permission: 'catalog:read' },
    schema: {
      summary: 'The category tree for the back office: active-product counts (with descendants) and the products of any status each category holds',
      tags, response: { 200: Type.Object({ data: Type.Array(Type.Ref(AdminCategoryNodeSchema)) }) },
    },
  }, async () => ({ data: await service.categories.adminTree() }));

  server.post('/api/admin/categories', {
    config: { permission: 'catalog:write' },
    schema: { summary: 'Create a category (under `parentId`, or as a root)', tags, body: CategoryCreateBody, response: { 201: CategorySchema, 400: problem, 404: problem, 409: problem } },
  }, async (request, reply) => reply.status(201).send(await service.categories.create(request.body)));

  server.patch('/api/admin/categories/:id', {
    config: { permission: 'catalog:write' },
    schema: { summary: 'Rename or move a category', tags, params: IdParams, body: CategoryUpdateBody, response: { 200: CategorySchema, 400: problem, 404: problem, 409: problem } },
  }, async (request) => service.categories.update(request.params.id, request.body));

  server.delete('/api/admin/categories/:id', {
    config: { permission: 'catalog:write' },
    schema: {
      summary: 'Delete an empty category',
      description: 'A category with subcategories or products of any status answers 409 `CATALOG.CATEGORY_NOT_EMPTY` with `subcategories` and `products` counts.',
      tags, params: IdParams, response: { 204: Type.Null(), 404: problem, 409: problem },
    },
  }, async (request, reply) => {
    await service.categories.delete(request.params.id);
    return reply.status(204).send(null);
  });

  server.post('/api/admin/inventory/movements', {
    config: { permission: 'inventory:write' },
    schema: {
      summary: 'Record a stock movement (signed quantity); on-hand never goes below zero',
      tags: inventoryTags, body: MovementBody,
      response: { 201: Type.Object({ movement: MovementSchema, onHand: Type.Integer() }), 400: problem, 404: problem, 409: problem },
    },
  }, async (request, reply) => reply.status(201).send(await service.inventory.recordMovement({ ...request.body, actor: request.user?.id ?? null })));

  server.get('/api/admin/inventory/:sku/movements', {
    config: { permission: 'inventory:read' },
    schema: {
      summary: 'The stock ledger of one SKU, newest first, in words: who made each movement (`actorName`) and order numbers in reasons', tags: inventoryTags, params: SkuParams, querystring: InventoryPageQuery,
      response: { 200: Type.Object({ data: Type.Array(MovementSchema), pagination: Pagination, onHand: Type.Integer() }), 404: problem },
    },
  }, async (request) => service.inventory.listMovements(request.params.sku, request.query.page, request.query.limit, names));
}

/** Image types accepted for upload, by MIME type → file extension. */
const IMAGE_TYPES: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif' };
/** The MIME type of each stored image's extension. */
const IMAGE_MIME: Record<string, string> = Object.fromEntries(Object.entries(IMAGE_TYPES).map(([mime, ext]) => [ext, mime]));
/** A product image's file name as uploads make it (`img_<id>.<ext>`; older installs: any such name). */
const IMAGE_NAME = /^[A-Za-z0-9_-]{1,100}\.(jpg|png|webp|gif)$/;
/** The object-store key of the product image `name`. */
const imageKey = (name: string) => `product-images/${name}`;

/** Where product images live: the platform's object store, and (read-only) the directory older installs kept them in. */
export interface ProductImageStorage {
  storage: ObjectStore;
  /** `<dataDir>/uploads`: images uploaded before they moved onto the object store are still served from it. */
  legacyDir: string;
}

/**
 * Back-office routes that need files: product image upload (multipart field `file`; kept in the
 * object store under `product-images/<name>`, served publicly at `/uploads/<name>`), and the
 * low-stock list.
 */
export async function catalogMediaRoutes(server: HttpServer, service: CatalogService, files: ProductImageStorage): Promise<void> {
  const { storage, legacyDir } = files;
  server.get<{ Params: { name: string } }>('/uploads/:name', {
    schema: {
      summary: 'A product image (public: the storefront shows it)',
      description: 'Served inline with its type from its extension, `X-Content-Type-Options: nosniff` and a day of caching; 404 `CATALOG.IMAGE_NOT_FOUND` otherwise.',
      tags, params: Type.Object({ name: Type.String({ maxLength: 110 }) }), response: { 404: problem },
    },
  }, async (request, reply) => {
    const { name } = request.params;
    const ext = IMAGE_NAME.exec(name)?.[1];
    const bytes = ext ? ((await storage.get(imageKey(name))) ?? (await readFile(join(legacyDir, name)).catch(() => null))) : null;
    if (!ext || !bytes) throw new AppError('CATALOG.IMAGE_NOT_FOUND', 404, `No product image ${name.slice(0, 110)}`);
    return reply
      .type(IMAGE_MIME[ext] as string)
      .header('cache-control', 'public, max-age=86400')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(bytes);
  });
  server.get('/api/admin/inventory/low-stock', {
    config: { permission: 'inventory:read' },
    schema: {
      summary: 'Variants whose on-hand is below their low-stock threshold, lowest first',
      tags: inventoryTags,
      querystring: InventoryPageQuery,
      response: { 200: Type.Object({ data: Type.Array(Type.Object({ sku: Type.String(), productId: Type.String(), title: Type.String(), onHand: Type.Integer(), threshold: Type.Integer() })), pagination: Pagination }) },
    },
  }, async (request) => service.inventory.lowStock(request.query.page, request.query.limit));

  server.post('/api/admin/products/:id/images', {
    config: { permission: 'catalog:write' },
    schema: {
      summary: 'Upload a product image (multipart field `file`: JPEG, PNG, WebP or GIF, at most 10 MiB)',
      description: 'The type is read from the file\'s bytes: anything else answers 415 `CATALOG.UNSUPPORTED_IMAGE`, a part whose Content-Type disagrees with its bytes 415 `CATALOG.IMAGE_TYPE_MISMATCH`.',
      tags, consumes: ['multipart/form-data'], params: IdParams,
      response: { 201: Type.Ref(AdminProductSchema), 400: problem, 404: problem, 413: problem, 415: problem },
    },
  }, async (request, reply) => {
    await service.products.getAdmin(request.params.id);
    const file = await request.file({ limits: { fileSize: 10 * 1024 * 1024 } }).catch((err: unknown) => {
      const code = (err as { code?: string }).code;
      if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' || code === 'FST_REQ_FILE_TOO_LARGE') throw err;
      throw new AppError('CATALOG.BAD_UPLOAD', 400, 'The multipart body could not be read');
    });
    if (!file || file.fieldname !== 'file') throw new AppError('CATALOG.BAD_UPLOAD', 400, 'Send the image as a multipart/form-data field named "file"');
    // At most 10 MiB in memory; over the limit the stream fails with FST_REQ_FILE_TOO_LARGE (413).
    const data = await file.toBuffer().catch((err: unknown) => {
      if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw err;
      throw new AppError('CATALOG.BAD_UPLOAD', 400, 'The multipart body could not be read');
    });
    if (file.file.truncated) throw new AppError('REQUEST.BODY_TOO_LARGE', 413, 'Images are limited to 10 MiB');
    // The type is read from the bytes (magic numbers); the client's Content-Type must agree with it.
    const sniffed = (await fileTypeFromBuffer(data))?.mime;
    const ext = sniffed ? IMAGE_TYPES[sniffed] : undefined;
    if (!sniffed || !ext) throw new AppError('CATALOG.UNSUPPORTED_IMAGE', 415, 'Images must be JPEG, PNG, WebP or GIF');
    if (file.mimetype !== sniffed) {
      throw new AppError('CATALOG.IMAGE_TYPE_MISMATCH', 415, `The file was sent as ${file.mimetype.slice(0, 100)} but its content is ${sniffed}`);
    }
    const name = `${newId('img')}.${ext}`;
    await storage.put(imageKey(name), data, sniffed);
    const alt = file.filename ? file.filename.replace(/\.[^.]+$/, '').slice(0, 200) : undefined;
    return reply.status(201).send(await service.productWrites.addImage(request.params.id, { url: `/uploads/${name}`, ...(alt ? { alt } : {}) }));
  });

  server.put('/api/admin/products/:id/images', {
    config: { permission: 'catalog:write' },
    schema: {
      summary: "Reorder a product's images, set their alternative texts (English `alt`, French `altFr`) and delete those left out",
      description:
        'The body lists the images to keep, in display order; each `url` must be one of the product\'s images, at most once (else 400 `CATALOG.UNKNOWN_IMAGE`). ' +
        'Images left out are removed from the product and their uploaded files deleted.',
      tags, params: IdParams, body: ImagesBody, response: { 200: Type.Ref(AdminProductSchema), 400: problem, 404: problem },
    },
  }, async (request) => {
    const { product, removed } = await service.productWrites.setImages(request.params.id, request.body.images);
    // Uploaded files only (`/uploads/<name>`); a name is never a path, so nothing outside the store or the directory is touched.
    const names = removed.filter((url) => url.startsWith('/uploads/')).map((url) => basename(url)).filter((name) => IMAGE_NAME.test(name));
    await Promise.all(names.flatMap((name) => [storage.delete(imageKey(name)), rm(join(legacyDir, name), { force: true })]));
    return product;
  });
}
