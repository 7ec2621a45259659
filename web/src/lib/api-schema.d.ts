/**
 * The API's types, generated from GET /openapi.json by `npm run api:generate`
 * (scripts/api-types.ts). Do not edit: change the route schemas and regenerate.
 */

export interface paths {
    "/api/account/newsletter": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in customer's newsletter subscription on a site (null when none) */
        get: {
            parameters: {
                query?: {
                    /** @description Site code (default `default`) */
                    site?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            subscription: {
                                confirmedAt: string | null;
                                country: string | null;
                                createdAt: string;
                                customerId: string | null;
                                email: string;
                                id: string;
                                locale: "en" | "fr";
                                site: string;
                                softBounces: number;
                                source: string;
                                status: "pending" | "confirmed" | "unsubscribed";
                                suppressed: string | null;
                                unsubscribedAt: string | null;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Subscribe (double opt-in to the account's address) or unsubscribe the signed-in customer */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        consentText?: string;
                        locale?: "en" | "fr";
                        /** @description Site code (default `default`) */
                        site?: string;
                        subscribed: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            subscription: {
                                confirmedAt: string | null;
                                country: string | null;
                                createdAt: string;
                                customerId: string | null;
                                email: string;
                                id: string;
                                locale: "en" | "fr";
                                site: string;
                                softBounces: number;
                                source: string;
                                status: "pending" | "confirmed" | "unsubscribed";
                                suppressed: string | null;
                                unsubscribedAt: string | null;
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/analyses/abc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** ABC (Pareto) of the products sold under a node over a period, by revenue or gross margin, with each product's share and cumulative share */
        get: {
            parameters: {
                query?: {
                    /** @description Cumulative share up to which products are class A (default 0.8) */
                    a?: number;
                    /** @description Cumulative share up to which products are class B (default 0.95: B = the next 15 %); must exceed a */
                    b?: number;
                    /** @description Only the lines of this category at the time of sale (`(none)` for lines without one); default all */
                    category?: string;
                    /** @description Any local date inside the period (default today, UTC) */
                    date?: string;
                    /** @description First day of a custom period (inclusive) */
                    from?: string;
                    /** @description Rank by net revenue (default) or gross margin (lines with a known cost) */
                    measure?: "revenue" | "margin";
                    /** @description `company` (default), a region id (`reg_…`) or a store id (`sto_…`); a node outside your scope answers 404 ANALYTICS.NODE_NOT_FOUND */
                    node?: string;
                    /** @description `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month */
                    period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                    /** @description Last day of a custom period (inclusive) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            category: string | null;
                            classes: {
                                abcClass: "A" | "B" | "C";
                                products: number;
                                share: number | null;
                                /** @description Minor units of the reporting currency */
                                value: number;
                            }[];
                            /** @description The table's columns in display order */
                            columns: {
                                /** @description The row field */
                                key: string;
                                /** @description money: minor units of `currency`; percent: a share as a decimal (0.377 = 37.7 %); month: its first day; score: 1–5 */
                                unit: "text" | "money" | "count" | "percent" | "ratio" | "days" | "weeks" | "month" | "score";
                            }[];
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            /** @description ISO UTC: the figures include every fact recorded up to then */
                            dataAsOf: string;
                            /** @description The monthly average rates used */
                            exchangeRates: {
                                currency: string;
                                /** @description First day of the month */
                                month: string;
                                /** @description 1 unit of currency = rate units of the reporting currency (monthly average), a decimal string as /exchange-rates gives it (up to 10 decimals: more than a JSON number holds exactly) */
                                rate: string;
                            }[];
                            measure: "revenue" | "margin";
                            /** @description Store-months excluded for want of a rate (never guessed) */
                            missingRates: {
                                currency: string;
                                month: string;
                                storeCode: string;
                                storeId: string;
                            }[];
                            node: {
                                id: string;
                                kind: "company" | "region" | "store";
                                name: string;
                            };
                            period: {
                                from: string;
                                label: string;
                                to: string;
                            };
                            rows: {
                                abcClass: "A" | "B" | "C";
                                category: string | null;
                                cumulativeShare: number | null;
                                /** @description Minor units of the reporting currency */
                                grossMargin: number;
                                rank: number;
                                /** @description Minor units of the reporting currency */
                                revenue: number;
                                share: number | null;
                                sku: string;
                                title: string;
                                units: number;
                            }[];
                            thresholds: {
                                a: number;
                                b: number;
                            };
                            /** @description Σ of the positive values of the measure */
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/analyses/basket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Top product pairs bought together (one basket = one receipt) by support, confidence or lift */
        get: {
            parameters: {
                query?: {
                    /** @description Only the lines of this category at the time of sale (`(none)` for lines without one); default all */
                    category?: string;
                    /** @description Any local date inside the period (default today, UTC) */
                    date?: string;
                    /** @description First day of a custom period (inclusive) */
                    from?: string;
                    /** @description Least share of baskets a pair must be in (default 0.01) */
                    minSupport?: number;
                    /** @description `company` (default), a region id (`reg_…`) or a store id (`sto_…`); a node outside your scope answers 404 ANALYTICS.NODE_NOT_FOUND */
                    node?: string;
                    /** @description `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month */
                    period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                    /** @description Rank by support, confidence (the larger direction) or lift (default) */
                    rankBy?: "support" | "confidence" | "lift";
                    /** @description Last day of a custom period (inclusive) */
                    to?: string;
                    /** @description Pairs answered, best first (default 50) */
                    top?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            baskets: number;
                            category: string | null;
                            /** @description The table's columns in display order */
                            columns: {
                                /** @description The row field */
                                key: string;
                                /** @description money: minor units of `currency`; percent: a share as a decimal (0.377 = 37.7 %); month: its first day; score: 1–5 */
                                unit: "text" | "money" | "count" | "percent" | "ratio" | "days" | "weeks" | "month" | "score";
                            }[];
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            /** @description ISO UTC: the figures include every fact recorded up to then */
                            dataAsOf: string;
                            minBaskets: number;
                            minSupport: number;
                            node: {
                                id: string;
                                kind: "company" | "region" | "store";
                                name: string;
                            };
                            period: {
                                from: string;
                                label: string;
                                to: string;
                            };
                            /** @description Rank by support, confidence (the larger direction) or lift (default) */
                            rankBy: "support" | "confidence" | "lift";
                            rows: {
                                baskets: number;
                                confidenceAB: number | null;
                                confidenceBA: number | null;
                                lift: number | null;
                                skuA: string;
                                skuB: string;
                                support: number | null;
                                titleA: string;
                                titleB: string;
                            }[];
                            rule: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/analyses/cohorts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Cohort retention by first-purchase month (the triangle table) for the cohort months of a period */
        get: {
            parameters: {
                query?: {
                    /** @description Only the lines of this category at the time of sale (`(none)` for lines without one); default all */
                    category?: string;
                    /** @description Any local date inside the period (default today, UTC) */
                    date?: string;
                    /** @description First day of a custom period (inclusive) */
                    from?: string;
                    /** @description `company` (default), a region id (`reg_…`) or a store id (`sto_…`); a node outside your scope answers 404 ANALYTICS.NODE_NOT_FOUND */
                    node?: string;
                    /** @description `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month */
                    period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                    /** @description Last day of a custom period (inclusive) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            category: string | null;
                            /** @description The table's columns in display order */
                            columns: {
                                /** @description The row field */
                                key: string;
                                /** @description money: minor units of `currency`; percent: a share as a decimal (0.377 = 37.7 %); month: its first day; score: 1–5 */
                                unit: "text" | "money" | "count" | "percent" | "ratio" | "days" | "weeks" | "month" | "score";
                            }[];
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            /** @description ISO UTC: the figures include every fact recorded up to then */
                            dataAsOf: string;
                            /** @description Length of the longest row */
                            months: number;
                            node: {
                                id: string;
                                kind: "company" | "region" | "store";
                                name: string;
                            };
                            period: {
                                from: string;
                                label: string;
                                to: string;
                            };
                            rows: {
                                /** @description The same as customer counts */
                                active: number[];
                                /** @description First day of the first-purchase month */
                                cohort: string;
                                /** @description Share of the cohort active in month +0, +1, … (4 places) */
                                retention: number[];
                                size: number;
                            }[];
                            rule: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/analyses/rfm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** RFM segmentation of the customers who bought under a node over a period: quintile boundaries, customers per segment, a page of customers */
        get: {
            parameters: {
                query?: {
                    /** @description Only the lines of this category at the time of sale (`(none)` for lines without one); default all */
                    category?: string;
                    /** @description Any local date inside the period (default today, UTC) */
                    date?: string;
                    /** @description First day of a custom period (inclusive) */
                    from?: string;
                    /** @description Customers per page (default 50) */
                    limit?: number;
                    /** @description `company` (default), a region id (`reg_…`) or a store id (`sto_…`); a node outside your scope answers 404 ANALYTICS.NODE_NOT_FOUND */
                    node?: string;
                    /** @description Page of the customer list (default 1) */
                    page?: number;
                    /** @description `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month */
                    period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                    /** @description RFM segment (mapping in `rule`) */
                    segment?: "champions" | "loyal" | "potential_loyalists" | "new_customers" | "promising" | "need_attention" | "about_to_sleep" | "cant_lose" | "at_risk" | "hibernating" | "lost";
                    /** @description Last day of a custom period (inclusive) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            boundaries: {
                                /** @description The 20/40/60/80 % quantiles (nearest rank) */
                                frequency: number[];
                                /** @description The 20/40/60/80 % quantiles (nearest rank) */
                                monetary: number[];
                                /** @description The 20/40/60/80 % quantiles (nearest rank) */
                                recencyDays: number[];
                            };
                            category: string | null;
                            /** @description The table's columns in display order */
                            columns: {
                                /** @description The row field */
                                key: string;
                                /** @description money: minor units of `currency`; percent: a share as a decimal (0.377 = 37.7 %); month: its first day; score: 1–5 */
                                unit: "text" | "money" | "count" | "percent" | "ratio" | "days" | "weeks" | "month" | "score";
                            }[];
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            /** @description Customers with a purchase in the period */
                            customers: number;
                            /** @description ISO UTC: the figures include every fact recorded up to then */
                            dataAsOf: string;
                            /** @description The monthly average rates used */
                            exchangeRates: {
                                currency: string;
                                /** @description First day of the month */
                                month: string;
                                /** @description 1 unit of currency = rate units of the reporting currency (monthly average), a decimal string as /exchange-rates gives it (up to 10 decimals: more than a JSON number holds exactly) */
                                rate: string;
                            }[];
                            /** @description Store-months excluded for want of a rate (never guessed) */
                            missingRates: {
                                currency: string;
                                month: string;
                                storeCode: string;
                                storeId: string;
                            }[];
                            node: {
                                id: string;
                                kind: "company" | "region" | "store";
                                name: string;
                            };
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                            period: {
                                from: string;
                                label: string;
                                to: string;
                            };
                            rows: {
                                /** @description ISO 4217 currency of `monetary` (the reporting currency) */
                                currency: string;
                                /** @description The customer's id (as the sales sources give it) */
                                customer: string;
                                f: number;
                                frequency: number;
                                lastPurchase: string;
                                m: number;
                                /** @description Net revenue in the period, minor units of `currency` */
                                monetary: number;
                                r: number;
                                recencyDays: number;
                                /** @description RFM segment (mapping in `rule`) */
                                segment: "champions" | "loyal" | "potential_loyalists" | "new_customers" | "promising" | "need_attention" | "about_to_sleep" | "cant_lose" | "at_risk" | "hibernating" | "lost";
                            }[];
                            rule: string;
                            segments: {
                                customers: number;
                                /** @description Minor units of the reporting currency */
                                monetary: number;
                                /** @description RFM segment (mapping in `rule`) */
                                segment: "champions" | "loyal" | "potential_loyalists" | "new_customers" | "promising" | "need_attention" | "about_to_sleep" | "cant_lose" | "at_risk" | "hibernating" | "lost";
                                share: number | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/analyses/stock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sell-through, weeks of cover and GMROI of the products sold by the online stores under a node (inventory from the catalog); says when inventory data is missing */
        get: {
            parameters: {
                query?: {
                    /** @description Only the lines of this category at the time of sale (`(none)` for lines without one); default all */
                    category?: string;
                    /** @description Any local date inside the period (default today, UTC) */
                    date?: string;
                    /** @description First day of a custom period (inclusive) */
                    from?: string;
                    /** @description `company` (default), a region id (`reg_…`) or a store id (`sto_…`); a node outside your scope answers 404 ANALYTICS.NODE_NOT_FOUND */
                    node?: string;
                    /** @description `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month */
                    period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                    /** @description Last day of a custom period (inclusive) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            category: string | null;
                            /** @description The table's columns in display order */
                            columns: {
                                /** @description The row field */
                                key: string;
                                /** @description money: minor units of `currency`; percent: a share as a decimal (0.377 = 37.7 %); month: its first day; score: 1–5 */
                                unit: "text" | "money" | "count" | "percent" | "ratio" | "days" | "weeks" | "month" | "score";
                            }[];
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            /** @description ISO UTC: the figures include every fact recorded up to then */
                            dataAsOf: string;
                            /** @description `missing` (with the reason) when the node has no store whose inventory the catalog keeps */
                            inventory: {
                                reason: string | null;
                                status: "available" | "missing";
                            };
                            node: {
                                id: string;
                                kind: "company" | "region" | "store";
                                name: string;
                            };
                            period: {
                                from: string;
                                label: string;
                                to: string;
                            };
                            rows: {
                                category: string;
                                /** @description The store's currency: stock money is not converted */
                                currency: string;
                                gmroi: number | null;
                                grossMargin: number | null;
                                inventoryCost: number | null;
                                key: string;
                                level: "product" | "category";
                                name: string;
                                onHand: number | null;
                                revenue: number;
                                sellThrough: number | null;
                                storeCode: string;
                                unitsSold: number;
                                weeksOfCover: number | null;
                            }[];
                            rule: string;
                            storesWithoutInventory: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/category-mix": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Revenue, units and gross margin per category under a node, with each category's share of revenue and its revenue target */
        get: {
            parameters: {
                query?: {
                    /** @description Any local date inside the period (default today, UTC) */
                    date?: string;
                    /** @description First day of a custom period (inclusive) */
                    from?: string;
                    /** @description `company` (default), a region id (`reg_…`) or a store id (`sto_…`); a node outside your scope answers 404 ANALYTICS.NODE_NOT_FOUND */
                    node?: string;
                    /** @description `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month */
                    period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                    /** @description Last day of a custom period (inclusive) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            /** @description ISO UTC: the figures include every fact recorded up to then */
                            dataAsOf: string;
                            /** @description The monthly average rates used */
                            exchangeRates: {
                                currency: string;
                                /** @description First day of the month */
                                month: string;
                                /** @description 1 unit of currency = rate units of the reporting currency (monthly average), a decimal string as /exchange-rates gives it (up to 10 decimals: more than a JSON number holds exactly) */
                                rate: string;
                            }[];
                            /** @description Store-months excluded for want of a rate (never guessed) */
                            missingRates: {
                                currency: string;
                                month: string;
                                storeCode: string;
                                storeId: string;
                            }[];
                            rows: {
                                attainment: number | null;
                                category: string;
                                /** @description Minor units of the reporting currency */
                                grossMargin: number;
                                /** @description Minor units of the reporting currency */
                                revenue: number;
                                share: number | null;
                                target: number | null;
                                units: number;
                                variance: number | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/consolidation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The region tree below a node with subtotals (regions then stores); parents equal the sum of their children to the cent; optionally of one category against its category targets */
        get: {
            parameters: {
                query?: {
                    /** @description Only this category (at the time of sale; `(none)` for lines without one): figures from the category rollups, targets set for this category; transactions are then null */
                    category?: string;
                    /** @description Any local date inside the period (default today, UTC) */
                    date?: string;
                    /** @description First day of a custom period (inclusive) */
                    from?: string;
                    /** @description `company` (default), a region id (`reg_…`) or a store id (`sto_…`); a node outside your scope answers 404 ANALYTICS.NODE_NOT_FOUND */
                    node?: string;
                    /** @description `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month */
                    period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                    /** @description Last day of a custom period (inclusive) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            category: string | null;
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            /** @description ISO UTC: the figures include every fact recorded up to then */
                            dataAsOf: string;
                            /** @description The monthly average rates used */
                            exchangeRates: {
                                currency: string;
                                /** @description First day of the month */
                                month: string;
                                /** @description 1 unit of currency = rate units of the reporting currency (monthly average), a decimal string as /exchange-rates gives it (up to 10 decimals: more than a JSON number holds exactly) */
                                rate: string;
                            }[];
                            /** @description Store-months excluded for want of a rate (never guessed) */
                            missingRates: {
                                currency: string;
                                month: string;
                                storeCode: string;
                                storeId: string;
                            }[];
                            period: {
                                from: string;
                                grain: "day" | "week" | "month" | "quarter" | "year" | "custom";
                                label: string;
                                to: string;
                            };
                            root: components["schemas"]["AnalyticsTree"];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/drilldown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Inside one store: its categories (against their targets), or the products of one category */
        get: {
            parameters: {
                query?: {
                    /** @description A category of the store: its products instead of its categories */
                    category?: string;
                    /** @description Any local date inside the period (default today, UTC) */
                    date?: string;
                    /** @description First day of a custom period (inclusive) */
                    from?: string;
                    /** @description `company` (default), a region id (`reg_…`) or a store id (`sto_…`); a node outside your scope answers 404 ANALYTICS.NODE_NOT_FOUND */
                    node?: string;
                    /** @description `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month */
                    period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                    /** @description Last day of a custom period (inclusive) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            category: {
                                attainment: number | null;
                                key: string;
                                /** @description Minor units of the reporting currency */
                                revenue: number;
                                target: number | null;
                                variance: number | null;
                            } | null;
                            coverage: {
                                from: string;
                                to: string;
                            };
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            /** @description ISO UTC: the figures include every fact recorded up to then */
                            dataAsOf: string;
                            /** @description The monthly average rates used */
                            exchangeRates: {
                                currency: string;
                                /** @description First day of the month */
                                month: string;
                                /** @description 1 unit of currency = rate units of the reporting currency (monthly average), a decimal string as /exchange-rates gives it (up to 10 decimals: more than a JSON number holds exactly) */
                                rate: string;
                            }[];
                            /** @description `category` (the store's categories) or `product` (the SKUs of one category) */
                            level: "category" | "product";
                            /** @description Store-months excluded for want of a rate (never guessed) */
                            missingRates: {
                                currency: string;
                                month: string;
                                storeCode: string;
                                storeId: string;
                            }[];
                            rows: {
                                attainment: number | null;
                                /** @description Minor units of the reporting currency */
                                grossMargin: number;
                                key: string;
                                name: string;
                                /** @description Minor units of the reporting currency */
                                revenue: number;
                                share: number | null;
                                target: number | null;
                                units: number;
                                variance: number | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/exchange-rates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Monthly average exchange rates to the reporting currency, by currency and month */
        get: {
            parameters: {
                query?: {
                    /** @description ISO 4217 code, e.g. GBP */
                    currency?: string;
                    /** @description Calendar year */
                    year?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                currency: string;
                                /** @description YYYY-MM */
                                month: string;
                                /** @description Units of the reporting currency per unit of `currency`, monthly average (decimal string) */
                                rate: string;
                                reportingCurrency: string;
                            }[];
                            reportingCurrency: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Record monthly rates to the current reporting currency (upsert by currency and month; company scope only) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        rates: {
                            /** @description ISO 4217 code, e.g. GBP */
                            currency: string;
                            /** @description YYYY-MM */
                            month: string;
                            /** @description Decimal string above 0, e.g. 0.9123 */
                            rate: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                currency: string;
                                /** @description YYYY-MM */
                                month: string;
                                /** @description Units of the reporting currency per unit of `currency`, monthly average (decimal string) */
                                rate: string;
                                reportingCurrency: string;
                            }[];
                            reportingCurrency: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/exchange-rates/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import monthly rates from CSV `currency,month,rate` (text/csv or multipart field `file`), all or nothing
         * @description Any rejected row answers 422 ANALYTICS.IMPORT_REJECTED with the report (`report.rejected[]`: line, code, reason) and writes nothing; re-importing the same file changes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        /**
                         * Format: binary
                         * @description The CSV file (UTF-8, header row first)
                         */
                        file: string;
                    };
                    "text/csv": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created: number;
                            /** @description Rows left out, by line */
                            rejected: {
                                /** @description Why, the same code in every analytics import report */
                                code: "ANALYTICS.BAD_ROW" | "ANALYTICS.MISSING_VALUE" | "ANALYTICS.BAD_CODE" | "ANALYTICS.BAD_NAME" | "ANALYTICS.BAD_DATE" | "ANALYTICS.BAD_QUANTITY" | "ANALYTICS.BAD_AMOUNT" | "ANALYTICS.BAD_PERCENT" | "ANALYTICS.BAD_COST" | "ANALYTICS.BAD_METRIC" | "ANALYTICS.BAD_VALUE" | "ANALYTICS.UNKNOWN_STORE" | "ANALYTICS.UNKNOWN_REGION" | "ANALYTICS.UNKNOWN_PRODUCT" | "ANALYTICS.DUPLICATE" | "ANALYTICS.CODE_TAKEN";
                                /** @description Line of the file (the header is line 1) */
                                line: number;
                                /** @description Why, in words, naming the row's key and value */
                                reason: string;
                            }[];
                            reportingCurrency: string;
                            unchanged: number;
                            updated: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rows were rejected: nothing was written; `report.rejected` lists them by line */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            code: "ANALYTICS.IMPORT_REJECTED";
                            detail: string;
                            instance?: string;
                            report: {
                                created: number;
                                /** @description Rows left out, by line */
                                rejected: {
                                    /** @description Why, the same code in every analytics import report */
                                    code: "ANALYTICS.BAD_ROW" | "ANALYTICS.MISSING_VALUE" | "ANALYTICS.BAD_CODE" | "ANALYTICS.BAD_NAME" | "ANALYTICS.BAD_DATE" | "ANALYTICS.BAD_QUANTITY" | "ANALYTICS.BAD_AMOUNT" | "ANALYTICS.BAD_PERCENT" | "ANALYTICS.BAD_COST" | "ANALYTICS.BAD_METRIC" | "ANALYTICS.BAD_VALUE" | "ANALYTICS.UNKNOWN_STORE" | "ANALYTICS.UNKNOWN_REGION" | "ANALYTICS.UNKNOWN_PRODUCT" | "ANALYTICS.DUPLICATE" | "ANALYTICS.CODE_TAKEN";
                                    /** @description Line of the file (the header is line 1) */
                                    line: number;
                                    /** @description Why, in words, naming the row's key and value */
                                    reason: string;
                                }[];
                                reportingCurrency: string;
                                unchanged: number;
                                updated: number;
                            };
                            requestId?: string;
                            /** @enum {number} */
                            status: 422;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import a POS sales CSV with a column mapping (multipart fields `file`, `mapping` JSON, `createMissing`)
         * @description Runs the import and answers its report. A file refused as a whole writes nothing: 400 ANALYTICS.MAPPING_INVALID, 422 ANALYTICS.MAPPING_COLUMN_MISSING, ANALYTICS.EMPTY_FILE, ANALYTICS.DATE_FORMAT_AMBIGUOUS, ANALYTICS.FUTURE_DATE, ANALYTICS.NEGATIVE_COST. Rows of unknown stores or products (without createMissing) and unreadable rows are rejected, listed by line in the report; the other rows are imported. Importing again adds nothing. Needs a company-wide scope (else 404 ANALYTICS.NODE_NOT_FOUND, as for any node outside the caller's scope).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        /** @description Create unknown stores, regions and products instead of rejecting their rows (default false) */
                        createMissing?: "true" | "false";
                        /**
                         * Format: binary
                         * @description The CSV file (UTF-8, header row first)
                         */
                        file: string;
                        /** @description The column mapping, JSON text (`SalesMapping`: columns, dateFormat, currency, timeZone…; the same file as the CLI's --mapping) */
                        mapping: string;
                    };
                };
            };
            responses: {
                /** @description What a sales import did */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            batches: {
                                lastWrittenLine: number | null;
                                size: number;
                                written: number;
                            };
                            createdProducts: number;
                            createdRegions: number;
                            createdStores: number;
                            dateFormat: "iso" | "day-first" | "month-first";
                            dateFormatDetected: boolean;
                            /** @description Lines already stored (a re-import adds none). */
                            duplicates: number;
                            durationMs: number;
                            /** @description The batch that could not be written (the batches before it are); null when every batch was written. */
                            failure: {
                                batch: number;
                                detail: string;
                                fromLine: number;
                                toLine: number;
                            } | null;
                            file: string;
                            /** @description New sale lines. */
                            imported: number;
                            /** @description Data rows read. */
                            read: number;
                            /** @description Rows left out, by line (the first 100,000). */
                            rejected: {
                                /** @description Why, the same code in every analytics import report */
                                code: "ANALYTICS.BAD_ROW" | "ANALYTICS.MISSING_VALUE" | "ANALYTICS.BAD_CODE" | "ANALYTICS.BAD_NAME" | "ANALYTICS.BAD_DATE" | "ANALYTICS.BAD_QUANTITY" | "ANALYTICS.BAD_AMOUNT" | "ANALYTICS.BAD_PERCENT" | "ANALYTICS.BAD_COST" | "ANALYTICS.BAD_METRIC" | "ANALYTICS.BAD_VALUE" | "ANALYTICS.UNKNOWN_STORE" | "ANALYTICS.UNKNOWN_REGION" | "ANALYTICS.UNKNOWN_PRODUCT" | "ANALYTICS.DUPLICATE" | "ANALYTICS.CODE_TAKEN";
                                /** @description Line of the file (the header is line 1) */
                                line: number;
                                /** @description Why, in words, naming the row's key and value */
                                reason: string;
                            }[];
                            rejectedCount: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/imports/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The header and first 20 rows of a sales CSV (multipart field `file`), for the column-mapping screen */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        /**
                         * Format: binary
                         * @description The CSV file (UTF-8, header row first)
                         */
                        file: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            columns: string[];
                            rows: string[][];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/kpis": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** KPIs of a node over a period against the previous period, last year and target, with like-for-like growth; optionally of one category against its category targets */
        get: {
            parameters: {
                query?: {
                    /** @description Only this category (at the time of sale; `(none)` for lines without one): figures from the category rollups, targets set for this category; transactions, averageBasket, unitsPerTransaction and returnsRate are then null */
                    category?: string;
                    /** @description Any local date inside the period (default today, UTC) */
                    date?: string;
                    /** @description First day of a custom period (inclusive) */
                    from?: string;
                    /** @description `company` (default), a region id (`reg_…`) or a store id (`sto_…`); a node outside your scope answers 404 ANALYTICS.NODE_NOT_FOUND */
                    node?: string;
                    /** @description `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month */
                    period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                    /** @description Last day of a custom period (inclusive) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            category: string | null;
                            comparisons: {
                                lastYear: {
                                    from: string;
                                    to: string;
                                };
                                previous: {
                                    from: string;
                                    to: string;
                                };
                            };
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            /** @description ISO UTC: the figures include every fact recorded up to then */
                            dataAsOf: string;
                            /** @description The monthly average rates used */
                            exchangeRates: {
                                currency: string;
                                /** @description First day of the month */
                                month: string;
                                /** @description 1 unit of currency = rate units of the reporting currency (monthly average), a decimal string as /exchange-rates gives it (up to 10 decimals: more than a JSON number holds exactly) */
                                rate: string;
                            }[];
                            kpis: {
                                attainment: number | null;
                                changeVsLastYear: number | null;
                                changeVsPrevious: number | null;
                                key: "revenue" | "grossMargin" | "marginRate" | "units" | "transactions" | "averageBasket" | "unitsPerTransaction" | "averageSellingPrice" | "revenuePerM2" | "returnsRate";
                                lastYear: number | null;
                                previous: number | null;
                                target: number | null;
                                /** @description money: minor units of `currency`; count; percent: a share as a decimal (0.377 = 37.7 %); ratio: a plain quotient (2.2 units per transaction); money_per_m2: minor units per m² */
                                unit: "money" | "count" | "percent" | "ratio" | "money_per_m2";
                                value: number | null;
                                variance: number | null;
                            }[];
                            likeForLike: {
                                growth: number | null;
                                /** @description Minor units of the reporting currency */
                                lastYear: number;
                                rule: string;
                                stores: number;
                                /** @description Minor units of the reporting currency */
                                value: number;
                            };
                            /** @description Store-months excluded for want of a rate (never guessed) */
                            missingRates: {
                                currency: string;
                                month: string;
                                storeCode: string;
                                storeId: string;
                            }[];
                            node: {
                                id: string;
                                kind: "company" | "region" | "store";
                                name: string;
                            };
                            period: {
                                from: string;
                                grain: "day" | "week" | "month" | "quarter" | "year" | "custom";
                                label: string;
                                to: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/kpis/trend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Revenue of a node per day, ISO week or month, with last year and target per point */
        get: {
            parameters: {
                query: {
                    /** @description First day (inclusive) */
                    from: string;
                    /** @description Bucket: day, ISO week or month (default month) */
                    grain?: "day" | "week" | "month";
                    /** @description `company` (default), a region id (`reg_…`) or a store id (`sto_…`); a node outside your scope answers 404 ANALYTICS.NODE_NOT_FOUND */
                    node?: string;
                    /** @description Last day (inclusive) */
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            /** @description ISO UTC: the figures include every fact recorded up to then */
                            dataAsOf: string;
                            /** @description The monthly average rates used */
                            exchangeRates: {
                                currency: string;
                                /** @description First day of the month */
                                month: string;
                                /** @description 1 unit of currency = rate units of the reporting currency (monthly average), a decimal string as /exchange-rates gives it (up to 10 decimals: more than a JSON number holds exactly) */
                                rate: string;
                            }[];
                            /** @description Store-months excluded for want of a rate (never guessed) */
                            missingRates: {
                                currency: string;
                                month: string;
                                storeCode: string;
                                storeId: string;
                            }[];
                            points: {
                                label: string;
                                /** @description Minor units of the reporting currency */
                                lastYear: number;
                                /** @description Minor units of the reporting currency */
                                revenue: number;
                                start: string;
                                target: number | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/league": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** League table of the stores under a node, ranked by a KPI */
        get: {
            parameters: {
                query?: {
                    /** @description Any local date inside the period (default today, UTC) */
                    date?: string;
                    /** @description First day of a custom period (inclusive) */
                    from?: string;
                    /** @description KPI to rank by (default revenue) */
                    kpi?: "revenue" | "grossMargin" | "marginRate" | "units" | "transactions" | "averageBasket" | "unitsPerTransaction" | "averageSellingPrice" | "revenuePerM2" | "returnsRate";
                    /** @description `company` (default), a region id (`reg_…`) or a store id (`sto_…`); a node outside your scope answers 404 ANALYTICS.NODE_NOT_FOUND */
                    node?: string;
                    /** @description desc (default): best first */
                    order?: "desc" | "asc";
                    /** @description `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month */
                    period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                    /** @description Last day of a custom period (inclusive) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            /** @description ISO UTC: the figures include every fact recorded up to then */
                            dataAsOf: string;
                            /** @description The monthly average rates used */
                            exchangeRates: {
                                currency: string;
                                /** @description First day of the month */
                                month: string;
                                /** @description 1 unit of currency = rate units of the reporting currency (monthly average), a decimal string as /exchange-rates gives it (up to 10 decimals: more than a JSON number holds exactly) */
                                rate: string;
                            }[];
                            kpi: "revenue" | "grossMargin" | "marginRate" | "units" | "transactions" | "averageBasket" | "unitsPerTransaction" | "averageSellingPrice" | "revenuePerM2" | "returnsRate";
                            /** @description Store-months excluded for want of a rate (never guessed) */
                            missingRates: {
                                currency: string;
                                month: string;
                                storeCode: string;
                                storeId: string;
                            }[];
                            rows: {
                                attainment: number | null;
                                rank: number;
                                /** @description Minor units of the reporting currency */
                                revenue: number;
                                store: {
                                    city: string;
                                    code: string;
                                    id: string;
                                    name: string;
                                };
                                value: number | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/regions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The regions the caller sees, in tree order (depth-first, siblings by name) with depth and path */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                code: string;
                                /** @description 0 for the company, 1 for its regions… */
                                depth: number;
                                id: string;
                                name: string;
                                /** @description null for the company */
                                parentId: string | null;
                                /** @description From the top node the caller sees down to this one (inclusive) */
                                path: {
                                    id: string;
                                    name: string;
                                }[];
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a region below a region the caller sees (default: below the company, company scope only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The user's stable key: letters, digits, spaces and . _ / & ' ( ) + - (e.g. LDS-01) */
                        code: string;
                        name: string;
                        /** @description Parent region; default the company (company scope needed) */
                        parentId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            /** @description 0 for the company, 1 for its regions… */
                            depth: number;
                            id: string;
                            name: string;
                            /** @description null for the company */
                            parentId: string | null;
                            /** @description From the top node the caller sees down to this one (inclusive) */
                            path: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/regions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One region (404 when unknown or outside the caller's scope) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            /** @description 0 for the company, 1 for its regions… */
                            depth: number;
                            id: string;
                            name: string;
                            /** @description null for the company */
                            parentId: string | null;
                            /** @description From the top node the caller sees down to this one (inclusive) */
                            path: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an empty region (no sub-region, store, store-move history or target; else 409 ANALYTICS.REGION_NOT_EMPTY) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename, recode or move a region (parentId); moving it below itself or a descendant answers 409 ANALYTICS.REGION_CYCLE */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The user's stable key: letters, digits, spaces and . _ / & ' ( ) + - (e.g. LDS-01) */
                        code?: string;
                        name?: string;
                        /** @description Move below this region (not itself or a descendant) */
                        parentId?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            /** @description 0 for the company, 1 for its regions… */
                            depth: number;
                            id: string;
                            name: string;
                            /** @description null for the company */
                            parentId: string | null;
                            /** @description From the top node the caller sees down to this one (inclusive) */
                            path: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/analytics/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The predefined reports: titles (EN/FR), filters and typed columns */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                columns: {
                                    /** @description Key of the column giving each row's currency */
                                    currencyKey?: string;
                                    key: string;
                                    title: {
                                        en: string;
                                        fr: string;
                                    };
                                    /** @description decimal: a plain number (2 decimals shown); money: integer minor units (of `currency`, or of the row's `currencyKey` column); percent: a share as a decimal (0.377 = 37.7 %); date: YYYY-MM-DD */
                                    type: "text" | "integer" | "decimal" | "money" | "percent" | "date";
                                    width?: number;
                                }[];
                                filters: ("node" | "period" | "category" | "scenarios")[];
                                id: string;
                                title: {
                                    en: string;
                                    fr: string;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/reports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Run a report: one page of rows with its typed columns, within your scope */
        get: {
            parameters: {
                query: {
                    /** @description Only this category (reports with the category filter) */
                    category?: string;
                    /** @description Any local date inside the period (default today, UTC) */
                    date?: string;
                    /** @description First day of a custom period (inclusive) */
                    from?: string;
                    /** @description Page size, 1–100 (default 50) */
                    limit: number;
                    /** @description `company`, a region id or a store id (default: the company, else your top region or store); outside your scope → 404 ANALYTICS.NODE_NOT_FOUND */
                    node?: string;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    /** @description Period grain as /kpis (default month) */
                    period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                    /** @description Up to 3 saved scenario ids, comma-separated (scenario comparison; default your 10 latest) */
                    scenarios?: string;
                    /** @description Last day of a custom period (inclusive) */
                    to?: string;
                };
                header?: never;
                path: {
                    /** @description Report id (`store-monthly`, `region-consolidation`, …) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            category: string | null;
                            columns: {
                                /** @description Key of the column giving each row's currency */
                                currencyKey?: string;
                                key: string;
                                title: {
                                    en: string;
                                    fr: string;
                                };
                                /** @description decimal: a plain number (2 decimals shown); money: integer minor units (of `currency`, or of the row's `currencyKey` column); percent: a share as a decimal (0.377 = 37.7 %); date: YYYY-MM-DD */
                                type: "text" | "integer" | "decimal" | "money" | "percent" | "date";
                                width?: number;
                            }[];
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            /** @description Rows: column key → value */
                            data: {
                                [key: string]: string | number | null;
                            }[];
                            dataAsOf: string;
                            node: {
                                id: string;
                                /** @description Node kind */
                                kind: "company" | "region" | "store";
                                name: string;
                            };
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                            period: {
                                from: string;
                                grain: string;
                                label: string;
                                to: string;
                            };
                            report: {
                                id: string;
                                title: {
                                    en: string;
                                    fr: string;
                                };
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/reports/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export a report as CSV or XLSX: the file now when small, else 202 with an export job to follow
         * @description Exports estimated above `REPORT_EXPORT_SYNC_ROWS` rows run as a background job: poll `GET …/reports/exports/{id}` for progress and a signed download link. An XLSX beyond 1,048,576 rows is written as CSV with a notice. Text cells starting with = + - @ tab or CR are prefixed with ' (formula injection).
         */
        get: {
            parameters: {
                query: {
                    /** @description Only this category (reports with the category filter) */
                    category?: string;
                    /** @description Any local date inside the period (default today, UTC) */
                    date?: string;
                    /** @description `csv` (RFC 4180, UTF-8 with a byte order mark) or `xlsx` (formatted: currency, percent, frozen header) */
                    format: "csv" | "xlsx";
                    /** @description First day of a custom period (inclusive) */
                    from?: string;
                    /** @description Language of the titles (default en) */
                    lang?: "en" | "fr";
                    /** @description `company`, a region id or a store id (default: the company, else your top region or store); outside your scope → 404 ANALYTICS.NODE_NOT_FOUND */
                    node?: string;
                    /** @description Period grain as /kpis (default month) */
                    period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                    /** @description Up to 3 saved scenario ids, comma-separated (scenario comparison; default your 10 latest) */
                    scenarios?: string;
                    /** @description Last day of a custom period (inclusive) */
                    to?: string;
                };
                header?: never;
                path: {
                    /** @description Report id (`store-monthly`, `region-consolidation`, …) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file, streamed (`Content-Disposition: attachment` names the report, node and period; `X-Export-Notice` says when an XLSX became CSV) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                        "text/csv": string;
                    };
                };
                /** @description An export job */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            download: {
                                expiresAt: string;
                                /** @description Signed link, no bearer needed */
                                url: string;
                            } | null;
                            error: string | null;
                            fileName: string | null;
                            finishedAt: string | null;
                            /** @description `csv` (RFC 4180, UTF-8 with a byte order mark) or `xlsx` (formatted: currency, percent, frozen header) */
                            format: "csv" | "xlsx";
                            id: string;
                            notice: string | null;
                            report: string;
                            /** @description Rows written so far */
                            rowsDone: number;
                            rowsTotal: number | null;
                            /** @description pending → running → done | failed */
                            status: "pending" | "running" | "done" | "failed";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/reports/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your latest report exports (at most 20), newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                createdAt: string;
                                download: {
                                    expiresAt: string;
                                    /** @description Signed link, no bearer needed */
                                    url: string;
                                } | null;
                                error: string | null;
                                fileName: string | null;
                                finishedAt: string | null;
                                /** @description `csv` (RFC 4180, UTF-8 with a byte order mark) or `xlsx` (formatted: currency, percent, frozen header) */
                                format: "csv" | "xlsx";
                                id: string;
                                notice: string | null;
                                report: string;
                                /** @description Rows written so far */
                                rowsDone: number;
                                rowsTotal: number | null;
                                /** @description pending → running → done | failed */
                                status: "pending" | "running" | "done" | "failed";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/reports/exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of your export jobs: progress, and when done a signed download link that expires */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Export id (`rex_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An export job */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            download: {
                                expiresAt: string;
                                /** @description Signed link, no bearer needed */
                                url: string;
                            } | null;
                            error: string | null;
                            fileName: string | null;
                            finishedAt: string | null;
                            /** @description `csv` (RFC 4180, UTF-8 with a byte order mark) or `xlsx` (formatted: currency, percent, frozen header) */
                            format: "csv" | "xlsx";
                            id: string;
                            notice: string | null;
                            report: string;
                            /** @description Rows written so far */
                            rowsDone: number;
                            rowsTotal: number | null;
                            /** @description pending → running → done | failed */
                            status: "pending" | "running" | "done" | "failed";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/reports/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your scheduled reports */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                category: string | null;
                                createdAt: string;
                                /** @description `csv` (RFC 4180, UTF-8 with a byte order mark) or `xlsx` (formatted: currency, percent, frozen header) */
                                format: "csv" | "xlsx";
                                frequency: string;
                                id: string;
                                lastRunAt: string | null;
                                locale: string;
                                nextRunAt: string;
                                node: string | null;
                                report: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Subscribe to a report by mail (weekly or monthly, CSV or XLSX, EN or FR): attached, or linked when large */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Only this category (reports with the category filter) */
                        category?: string;
                        /** @description `csv` (RFC 4180, UTF-8 with a byte order mark) or `xlsx` (formatted: currency, percent, frozen header) */
                        format: "csv" | "xlsx";
                        /** @description weekly: every Monday, the last ISO week; monthly: on the 1st, the last month (06:00 UTC) */
                        frequency: "weekly" | "monthly";
                        /** @description Language of the titles (default en) */
                        locale?: "en" | "fr";
                        /** @description `company`, a region id or a store id (default: the company, else your top region or store); outside your scope → 404 ANALYTICS.NODE_NOT_FOUND */
                        node?: string;
                        /** @description Report id */
                        report: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            category: string | null;
                            createdAt: string;
                            /** @description `csv` (RFC 4180, UTF-8 with a byte order mark) or `xlsx` (formatted: currency, percent, frozen header) */
                            format: "csv" | "xlsx";
                            frequency: string;
                            id: string;
                            lastRunAt: string | null;
                            locale: string;
                            nextRunAt: string;
                            node: string | null;
                            report: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/reports/subscriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Unsubscribe from a scheduled report */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Subscription id (`rsu_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/scenarios": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Saved scenarios you can see (every node they name is in your scope), latest update first */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description User id of the author */
                                authorId: string;
                                createdAt: string;
                                /** @description The simulate body: period, scope, drivers */
                                definition: unknown;
                                id: string;
                                name: string;
                                updatedAt: string;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Save a scenario (checked against your scope first; nothing saved on error) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Any local date inside the period (default today, UTC) */
                        date?: string;
                        drivers: {
                            closings?: {
                                /** @description First day closed: the store's figures from this day are removed */
                                from: string;
                                /** @description A store of the scenario */
                                storeId: string;
                            }[];
                            /** @description Volume % = elasticity × price % (default −1.0 when no volumePct); taken to the hundredth */
                            elasticity?: number;
                            openings?: {
                                /** @description A store in your scope whose figures model the new one */
                                comparableStoreId: string;
                                /** @description Opening day: the new store sells like the comparable store from this day */
                                from: string;
                                name?: string;
                                /** @description The region of the new store (within the scenario) */
                                regionId: string;
                            }[];
                            /** @description Price change (revenue per unit), in percent (−100 to 1000, taken to the hundredth) */
                            pricePct?: number;
                            /** @description Revenue target change, in percent (−100 to 1000, taken to the hundredth) */
                            targetPct?: number;
                            /** @description Unit cost change, in percent (−100 to 1000, taken to the hundredth) */
                            unitCostPct?: number;
                            /** @description Volume change (instead of an elasticity), in percent (−100 to 1000, taken to the hundredth) */
                            volumePct?: number;
                        };
                        /** @description First day of a custom period (inclusive) */
                        from?: string;
                        /** @description Shown trimmed; a blank name answers 400 */
                        name: string;
                        /** @description Base period grain, as /kpis: `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month */
                        period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                        /** @description No regions and no stores = the company; else the union of the regions' subtrees and the stores. Every node must be in your scope (404 otherwise). */
                        scope?: {
                            /** @description Only lines of these categories (at the time of sale) */
                            categories?: string[];
                            /** @description Regions (their subtrees) */
                            regionIds?: string[];
                            /** @description Only lines of these SKUs (figures by whole months) */
                            skus?: string[];
                            /** @description Stores */
                            storeIds?: string[];
                        };
                        /** @description Last day of a custom period (inclusive) */
                        to?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description User id of the author */
                            authorId: string;
                            createdAt: string;
                            /** @description The simulate body: period, scope, drivers */
                            definition: unknown;
                            id: string;
                            name: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/scenarios/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One saved scenario */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Scenario id (`scn_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description User id of the author */
                            authorId: string;
                            createdAt: string;
                            /** @description The simulate body: period, scope, drivers */
                            definition: unknown;
                            id: string;
                            name: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Replace a saved scenario's name and definition */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Scenario id (`scn_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Any local date inside the period (default today, UTC) */
                        date?: string;
                        drivers: {
                            closings?: {
                                /** @description First day closed: the store's figures from this day are removed */
                                from: string;
                                /** @description A store of the scenario */
                                storeId: string;
                            }[];
                            /** @description Volume % = elasticity × price % (default −1.0 when no volumePct); taken to the hundredth */
                            elasticity?: number;
                            openings?: {
                                /** @description A store in your scope whose figures model the new one */
                                comparableStoreId: string;
                                /** @description Opening day: the new store sells like the comparable store from this day */
                                from: string;
                                name?: string;
                                /** @description The region of the new store (within the scenario) */
                                regionId: string;
                            }[];
                            /** @description Price change (revenue per unit), in percent (−100 to 1000, taken to the hundredth) */
                            pricePct?: number;
                            /** @description Revenue target change, in percent (−100 to 1000, taken to the hundredth) */
                            targetPct?: number;
                            /** @description Unit cost change, in percent (−100 to 1000, taken to the hundredth) */
                            unitCostPct?: number;
                            /** @description Volume change (instead of an elasticity), in percent (−100 to 1000, taken to the hundredth) */
                            volumePct?: number;
                        };
                        /** @description First day of a custom period (inclusive) */
                        from?: string;
                        /** @description Shown trimmed; a blank name answers 400 */
                        name: string;
                        /** @description Base period grain, as /kpis: `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month */
                        period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                        /** @description No regions and no stores = the company; else the union of the regions' subtrees and the stores. Every node must be in your scope (404 otherwise). */
                        scope?: {
                            /** @description Only lines of these categories (at the time of sale) */
                            categories?: string[];
                            /** @description Regions (their subtrees) */
                            regionIds?: string[];
                            /** @description Only lines of these SKUs (figures by whole months) */
                            skus?: string[];
                            /** @description Stores */
                            storeIds?: string[];
                        };
                        /** @description Last day of a custom period (inclusive) */
                        to?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description User id of the author */
                            authorId: string;
                            createdAt: string;
                            /** @description The simulate body: period, scope, drivers */
                            definition: unknown;
                            id: string;
                            name: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        /** Delete a saved scenario */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Scenario id (`scn_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/scenarios/{id}/duplicate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Copy a saved scenario as "<name> (copy)", authored by you */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Scenario id (`scn_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description User id of the author */
                            authorId: string;
                            createdAt: string;
                            /** @description The simulate body: period, scope, drivers */
                            definition: unknown;
                            id: string;
                            name: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/scenarios/{id}/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Simulate a saved scenario */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Scenario id (`scn_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description By driver: baseline, closings, volume, price, cost, openings, scenario (gross margin) */
                            bridge: {
                                step: string;
                                /** @description Minor units of the reporting currency */
                                value: number;
                            }[];
                            /** @description Dates the figures cover (whole months with a SKU filter) */
                            coverage: {
                                from: string;
                                to: string;
                            };
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            dataAsOf: string;
                            drivers: {
                                elasticity: number | null;
                                pricePct: number;
                                targetPct: number;
                                unitCostPct: number;
                                volumePct: number;
                            };
                            exchangeRates: {
                                currency: string;
                                month: string;
                                rate: number;
                            }[];
                            filter: {
                                categories: string[];
                                skus: string[];
                            };
                            formulas: string;
                            /** @description Store-months left out for want of an exchange rate */
                            missingRates: {
                                currency: string;
                                month: string;
                                storeCode: string;
                                storeId: string;
                            }[];
                            period: {
                                from: string;
                                grain: string;
                                label: string;
                                to: string;
                            };
                            /** @description Price–volume–mix: baseline, volume, mix, price, cost, scenario (gross margin) */
                            pvmBridge: {
                                step: string;
                                /** @description Minor units of the reporting currency */
                                value: number;
                            }[];
                            root: components["schemas"]["AnalyticsScenarioNode"];
                            scenario: {
                                id: string;
                                name: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/scenarios/compare": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run 2 or 3 saved scenarios side by side */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            scenarios: {
                                /** @description By driver: baseline, closings, volume, price, cost, openings, scenario (gross margin) */
                                bridge: {
                                    step: string;
                                    /** @description Minor units of the reporting currency */
                                    value: number;
                                }[];
                                /** @description Dates the figures cover (whole months with a SKU filter) */
                                coverage: {
                                    from: string;
                                    to: string;
                                };
                                /** @description Reporting currency (ISO 4217) */
                                currency: string;
                                dataAsOf: string;
                                drivers: {
                                    elasticity: number | null;
                                    pricePct: number;
                                    targetPct: number;
                                    unitCostPct: number;
                                    volumePct: number;
                                };
                                exchangeRates: {
                                    currency: string;
                                    month: string;
                                    rate: number;
                                }[];
                                filter: {
                                    categories: string[];
                                    skus: string[];
                                };
                                formulas: string;
                                /** @description Store-months left out for want of an exchange rate */
                                missingRates: {
                                    currency: string;
                                    month: string;
                                    storeCode: string;
                                    storeId: string;
                                }[];
                                period: {
                                    from: string;
                                    grain: string;
                                    label: string;
                                    to: string;
                                };
                                /** @description Price–volume–mix: baseline, volume, mix, price, cost, scenario (gross margin) */
                                pvmBridge: {
                                    step: string;
                                    /** @description Minor units of the reporting currency */
                                    value: number;
                                }[];
                                root: components["schemas"]["AnalyticsScenarioNode"];
                                scenario: {
                                    id: string;
                                    name: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/scenarios/simulate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Simulate drivers on a period and scope: baseline vs scenario per node (company → region → store) and the margin bridges
         * @description Revenue′ = revenue·(1+p)(1+v), cost′ = cost·(1+c)(1+v), from the rollups (never the sale lines); integer minor units of the reporting currency; a parent is the sum of its children. 400 ANALYTICS.INVALID for incoherent drivers (volumePct and elasticity together, a volume below −100 %, a closing or opening after the period or outside the scenario); 404 ANALYTICS.NODE_NOT_FOUND for a node unknown or outside your scope. The baseline (period, scope, closings, openings) is cached per data version: `x-analytics-cache: hit|miss`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Any local date inside the period (default today, UTC) */
                        date?: string;
                        drivers: {
                            closings?: {
                                /** @description First day closed: the store's figures from this day are removed */
                                from: string;
                                /** @description A store of the scenario */
                                storeId: string;
                            }[];
                            /** @description Volume % = elasticity × price % (default −1.0 when no volumePct); taken to the hundredth */
                            elasticity?: number;
                            openings?: {
                                /** @description A store in your scope whose figures model the new one */
                                comparableStoreId: string;
                                /** @description Opening day: the new store sells like the comparable store from this day */
                                from: string;
                                name?: string;
                                /** @description The region of the new store (within the scenario) */
                                regionId: string;
                            }[];
                            /** @description Price change (revenue per unit), in percent (−100 to 1000, taken to the hundredth) */
                            pricePct?: number;
                            /** @description Revenue target change, in percent (−100 to 1000, taken to the hundredth) */
                            targetPct?: number;
                            /** @description Unit cost change, in percent (−100 to 1000, taken to the hundredth) */
                            unitCostPct?: number;
                            /** @description Volume change (instead of an elasticity), in percent (−100 to 1000, taken to the hundredth) */
                            volumePct?: number;
                        };
                        /** @description First day of a custom period (inclusive) */
                        from?: string;
                        /** @description Base period grain, as /kpis: `day`, `week` (ISO), `month`, `quarter` and `year` (fiscal), `custom` (from/to); default month */
                        period?: "day" | "week" | "month" | "quarter" | "year" | "custom";
                        /** @description No regions and no stores = the company; else the union of the regions' subtrees and the stores. Every node must be in your scope (404 otherwise). */
                        scope?: {
                            /** @description Only lines of these categories (at the time of sale) */
                            categories?: string[];
                            /** @description Regions (their subtrees) */
                            regionIds?: string[];
                            /** @description Only lines of these SKUs (figures by whole months) */
                            skus?: string[];
                            /** @description Stores */
                            storeIds?: string[];
                        };
                        /** @description Last day of a custom period (inclusive) */
                        to?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description By driver: baseline, closings, volume, price, cost, openings, scenario (gross margin) */
                            bridge: {
                                step: string;
                                /** @description Minor units of the reporting currency */
                                value: number;
                            }[];
                            /** @description Dates the figures cover (whole months with a SKU filter) */
                            coverage: {
                                from: string;
                                to: string;
                            };
                            /** @description Reporting currency (ISO 4217) */
                            currency: string;
                            dataAsOf: string;
                            drivers: {
                                elasticity: number | null;
                                pricePct: number;
                                targetPct: number;
                                unitCostPct: number;
                                volumePct: number;
                            };
                            exchangeRates: {
                                currency: string;
                                month: string;
                                rate: number;
                            }[];
                            filter: {
                                categories: string[];
                                skus: string[];
                            };
                            formulas: string;
                            /** @description Store-months left out for want of an exchange rate */
                            missingRates: {
                                currency: string;
                                month: string;
                                storeCode: string;
                                storeId: string;
                            }[];
                            period: {
                                from: string;
                                grain: string;
                                label: string;
                                to: string;
                            };
                            /** @description Price–volume–mix: baseline, volume, mix, price, cost, scenario (gross margin) */
                            pvmBridge: {
                                step: string;
                                /** @description Minor units of the reporting currency */
                                value: number;
                            }[];
                            root: components["schemas"]["AnalyticsScenarioNode"];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Fiscal year start month and reporting currency */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description First month of the fiscal year (1 = January) */
                            fiscalYearStartMonth: number;
                            /** @description ISO 4217 code every consolidated figure is converted to */
                            reportingCurrency: string;
                            /** @description True when the sales are the generated chain demo (`npx comptoir demo chain`): the back office labels them synthetic. Read-only. */
                            syntheticDemo: boolean;
                        };
                    };
                };
            };
        };
        /** Change the settings (absent fields kept; company scope only) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        fiscalYearStartMonth?: number;
                        /** @description ISO 4217 code, e.g. GBP */
                        reportingCurrency?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description First month of the fiscal year (1 = January) */
                            fiscalYearStartMonth: number;
                            /** @description ISO 4217 code every consolidated figure is converted to */
                            reportingCurrency: string;
                            /** @description True when the sales are the generated chain demo (`npx comptoir demo chain`): the back office labels them synthetic. Read-only. */
                            syntheticDemo: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/stores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The stores the caller sees, by code; filter by region subtree, kind, text (code, name, city) and open/closed */
        get: {
            parameters: {
                query: {
                    /** @description Include stores closed before today */
                    includeClosed: boolean;
                    kind?: "physical" | "online";
                    /** @description Page size, 1–100 (default 100) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    q?: string;
                    regionId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                city: string;
                                closedOn: string | null;
                                code: string;
                                country: string;
                                currency: string;
                                id: string;
                                kind: "physical" | "online";
                                name: string;
                                /** Format: date */
                                openedOn: string;
                                regionId: string;
                                sellingAreaM2: number | null;
                                timeZone: string;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a store in a region the caller sees (kind default physical)
         * @description Country ISO 3166-1 alpha-2, currency ISO 4217, time zone IANA, closedOn ≥ openedOn, sellingAreaM2 > 0: else 400 with field errors.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        city?: string;
                        closedOn?: string | null;
                        /** @description The user's stable key: letters, digits, spaces and . _ / & ' ( ) + - (e.g. LDS-01) */
                        code: string;
                        /** @description ISO 3166-1 alpha-2 code, e.g. GB */
                        country: string;
                        /** @description ISO 4217 code, e.g. GBP */
                        currency: string;
                        kind?: "physical" | "online";
                        name: string;
                        /**
                         * Format: date
                         * @description Local calendar date YYYY-MM-DD
                         */
                        openedOn: string;
                        regionId: string;
                        sellingAreaM2?: number | null;
                        /** @description IANA time zone, e.g. Europe/London */
                        timeZone: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            city: string;
                            closedOn: string | null;
                            code: string;
                            country: string;
                            currency: string;
                            id: string;
                            kind: "physical" | "online";
                            name: string;
                            /** Format: date */
                            openedOn: string;
                            regionId: string;
                            sellingAreaM2: number | null;
                            timeZone: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/stores/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One store (404 when unknown or outside the caller's scope) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            city: string;
                            closedOn: string | null;
                            code: string;
                            country: string;
                            currency: string;
                            id: string;
                            kind: "physical" | "online";
                            name: string;
                            /** Format: date */
                            openedOn: string;
                            regionId: string;
                            sellingAreaM2: number | null;
                            timeZone: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a store; a new regionId moves it (recorded in its moves; reports follow the current tree). Closing = closedOn */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        city?: string;
                        closedOn?: string | null;
                        /** @description The user's stable key: letters, digits, spaces and . _ / & ' ( ) + - (e.g. LDS-01) */
                        code?: string;
                        /** @description ISO 3166-1 alpha-2 code, e.g. GB */
                        country?: string;
                        /** @description ISO 4217 code, e.g. GBP */
                        currency?: string;
                        kind?: "physical" | "online";
                        name?: string;
                        /**
                         * Format: date
                         * @description Local calendar date YYYY-MM-DD
                         */
                        openedOn?: string;
                        regionId?: string;
                        sellingAreaM2?: number | null;
                        /** @description IANA time zone, e.g. Europe/London */
                        timeZone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            city: string;
                            closedOn: string | null;
                            code: string;
                            country: string;
                            currency: string;
                            id: string;
                            kind: "physical" | "online";
                            name: string;
                            /** Format: date */
                            openedOn: string;
                            regionId: string;
                            sellingAreaM2: number | null;
                            timeZone: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/analytics/stores/{id}/moves": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The recorded moves of a store between regions, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description User id of who moved it */
                                actor: string | null;
                                from: {
                                    code: string | null;
                                    id: string;
                                    name: string | null;
                                };
                                id: string;
                                /** Format: date-time */
                                movedAt: string;
                                storeId: string;
                                to: {
                                    code: string | null;
                                    id: string;
                                    name: string | null;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/stores/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import stores from CSV (text/csv body or multipart field `file`), all or nothing, upsert by code
         * @description Columns `code,name,kind,region_code,city,country,opened_on,closed_on,selling_area_m2,currency,time_zone` (header required; dates YYYY-MM-DD only, so none is ambiguous; an empty kind is physical; empty closed_on and selling_area_m2 are none). Any rejected row answers 422 ANALYTICS.IMPORT_REJECTED with the report (`report.rejected[]`: line, code, reason; the reason names the store code) and writes nothing. Re-importing the same file changes nothing. `createMissingRegions=true` (company scope) creates unknown region codes below the company.
         */
        post: {
            parameters: {
                query: {
                    createMissingRegions: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        /**
                         * Format: binary
                         * @description The CSV file (UTF-8, header row first)
                         */
                        file: string;
                    };
                    "text/csv": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created: number;
                            regionsCreated: number;
                            /** @description Rows left out, by line */
                            rejected: {
                                /** @description Why, the same code in every analytics import report */
                                code: "ANALYTICS.BAD_ROW" | "ANALYTICS.MISSING_VALUE" | "ANALYTICS.BAD_CODE" | "ANALYTICS.BAD_NAME" | "ANALYTICS.BAD_DATE" | "ANALYTICS.BAD_QUANTITY" | "ANALYTICS.BAD_AMOUNT" | "ANALYTICS.BAD_PERCENT" | "ANALYTICS.BAD_COST" | "ANALYTICS.BAD_METRIC" | "ANALYTICS.BAD_VALUE" | "ANALYTICS.UNKNOWN_STORE" | "ANALYTICS.UNKNOWN_REGION" | "ANALYTICS.UNKNOWN_PRODUCT" | "ANALYTICS.DUPLICATE" | "ANALYTICS.CODE_TAKEN";
                                /** @description Line of the file (the header is line 1) */
                                line: number;
                                /** @description Why, in words, naming the row's key and value */
                                reason: string;
                            }[];
                            unchanged: number;
                            updated: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rows were rejected: nothing was written; `report.rejected` lists them by line */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            code: "ANALYTICS.IMPORT_REJECTED";
                            detail: string;
                            instance?: string;
                            report: {
                                created: number;
                                regionsCreated: number;
                                /** @description Rows left out, by line */
                                rejected: {
                                    /** @description Why, the same code in every analytics import report */
                                    code: "ANALYTICS.BAD_ROW" | "ANALYTICS.MISSING_VALUE" | "ANALYTICS.BAD_CODE" | "ANALYTICS.BAD_NAME" | "ANALYTICS.BAD_DATE" | "ANALYTICS.BAD_QUANTITY" | "ANALYTICS.BAD_AMOUNT" | "ANALYTICS.BAD_PERCENT" | "ANALYTICS.BAD_COST" | "ANALYTICS.BAD_METRIC" | "ANALYTICS.BAD_VALUE" | "ANALYTICS.UNKNOWN_STORE" | "ANALYTICS.UNKNOWN_REGION" | "ANALYTICS.UNKNOWN_PRODUCT" | "ANALYTICS.DUPLICATE" | "ANALYTICS.CODE_TAKEN";
                                    /** @description Line of the file (the header is line 1) */
                                    line: number;
                                    /** @description Why, in words, naming the row's key and value */
                                    reason: string;
                                }[];
                                unchanged: number;
                                updated: number;
                            };
                            requestId?: string;
                            /** @enum {number} */
                            status: 422;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/targets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Targets set at a node and below it (within the caller's scope), region targets first */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 100) */
                    limit: number;
                    /** @description revenue and gross_margin in minor units, units in units */
                    metric?: "revenue" | "gross_margin" | "units";
                    /** @description `company`, a region id (`reg_…`) or a store id (`sto_…`) */
                    node: string;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    /** @description Fiscal year, named by the calendar year it starts in */
                    year?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                amount: number;
                                /** @description null = all categories */
                                category: string | null;
                                /** @description ISO 4217; null for units */
                                currency: string | null;
                                fiscalYear: number;
                                id: string;
                                level: "store" | "region";
                                /** @description revenue and gross_margin in minor units, units in units */
                                metric: "revenue" | "gross_margin" | "units";
                                /** @description Phased amounts in fiscal order; they sum to amount */
                                months: {
                                    amount: number;
                                    /** @description YYYY-MM */
                                    month: string;
                                }[];
                                nodeCode: string;
                                nodeId: string;
                                /** @description Percentages (2 decimals, sum 100), month 1 = first fiscal month */
                                phasing: number[];
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Set (create or replace) the target of a store or region for a fiscal year, metric and category, phased by month
         * @description Phasing: 12 percentages summing to 100 (409 ANALYTICS.TARGET_PHASING_INVALID otherwise, naming the node and year; nothing written), `even` (default) or `last-year` (the node's monthly share of net revenue in the previous fiscal year; 409 ANALYTICS.NO_LAST_YEAR_SALES when it had none). Monthly amounts are split by largest remainder so they sum to `amount`.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        amount: number;
                        /** @description One category; absent or empty = all categories */
                        category?: string;
                        /** @description Default: the store's currency, or the reporting currency for a region */
                        currency?: string;
                        /** @description Fiscal year, named by the calendar year it starts in */
                        fiscalYear: number;
                        /** @description `region` with the company region id (or the word `company`) sets the company target */
                        level: "store" | "region";
                        /** @description revenue and gross_margin in minor units, units in units */
                        metric: "revenue" | "gross_margin" | "units";
                        /** @description A store id for `store`; a region id or `company` for `region` */
                        nodeId: string;
                        /** @default even */
                        phasing?: number[] | "even" | "last-year";
                    };
                };
            };
            responses: {
                /** @description A target (inline, not a shared $id: adding a schema to the root makes Fastify rebuild other plugins' validators) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            amount: number;
                            /** @description null = all categories */
                            category: string | null;
                            /** @description ISO 4217; null for units */
                            currency: string | null;
                            fiscalYear: number;
                            id: string;
                            level: "store" | "region";
                            /** @description revenue and gross_margin in minor units, units in units */
                            metric: "revenue" | "gross_margin" | "units";
                            /** @description Phased amounts in fiscal order; they sum to amount */
                            months: {
                                amount: number;
                                /** @description YYYY-MM */
                                month: string;
                            }[];
                            nodeCode: string;
                            nodeId: string;
                            /** @description Percentages (2 decimals, sum 100), month 1 = first fiscal month */
                            phasing: number[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/targets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a target and its months */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/targets/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import targets from CSV (text/csv body or multipart field `file`), all or nothing
         * @description Columns: `store_code, year, month (optional, calendar month 1–12 within fiscal year `year`), amount, percent (optional, instead of a month's amount), metric (optional, default revenue), category (optional)`. A row without a month is a yearly amount phased evenly; 12 monthly rows of a store/year/metric/category give its months (with a yearly row, they must sum to it, or their percentages to 100). Rejected rows → 422 ANALYTICS.IMPORT_REJECTED whose `report` is `{ targets: 0, rejected: [{ line, code, reason }] }`; an unreadable file or a missing column → 400 ANALYTICS.CSV_INVALID; missing months or percentages not summing to 100 → 409 ANALYTICS.TARGET_PHASING_INVALID naming the store and year. Nothing is written unless the whole file is accepted; re-importing replaces the same targets.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        /**
                         * Format: binary
                         * @description The CSV file (UTF-8, header row first)
                         */
                        file: string;
                    };
                    "text/csv": string;
                    "text/plain": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Always empty on a 200 (a file with rejected rows answers 422 with them) */
                            rejected: {
                                /** @description Why, the same code in every analytics import report */
                                code: "ANALYTICS.BAD_ROW" | "ANALYTICS.MISSING_VALUE" | "ANALYTICS.BAD_CODE" | "ANALYTICS.BAD_NAME" | "ANALYTICS.BAD_DATE" | "ANALYTICS.BAD_QUANTITY" | "ANALYTICS.BAD_AMOUNT" | "ANALYTICS.BAD_PERCENT" | "ANALYTICS.BAD_COST" | "ANALYTICS.BAD_METRIC" | "ANALYTICS.BAD_VALUE" | "ANALYTICS.UNKNOWN_STORE" | "ANALYTICS.UNKNOWN_REGION" | "ANALYTICS.UNKNOWN_PRODUCT" | "ANALYTICS.DUPLICATE" | "ANALYTICS.CODE_TAKEN";
                                /** @description Line of the file (the header is line 1) */
                                line: number;
                                /** @description Why, in words, naming the row's key and value */
                                reason: string;
                            }[];
                            /** @description Targets created or replaced */
                            targets: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Rows were rejected: nothing was written; `report.rejected` lists them by line */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            code: "ANALYTICS.IMPORT_REJECTED";
                            detail: string;
                            instance?: string;
                            report: {
                                /** @description Always empty on a 200 (a file with rejected rows answers 422 with them) */
                                rejected: {
                                    /** @description Why, the same code in every analytics import report */
                                    code: "ANALYTICS.BAD_ROW" | "ANALYTICS.MISSING_VALUE" | "ANALYTICS.BAD_CODE" | "ANALYTICS.BAD_NAME" | "ANALYTICS.BAD_DATE" | "ANALYTICS.BAD_QUANTITY" | "ANALYTICS.BAD_AMOUNT" | "ANALYTICS.BAD_PERCENT" | "ANALYTICS.BAD_COST" | "ANALYTICS.BAD_METRIC" | "ANALYTICS.BAD_VALUE" | "ANALYTICS.UNKNOWN_STORE" | "ANALYTICS.UNKNOWN_REGION" | "ANALYTICS.UNKNOWN_PRODUCT" | "ANALYTICS.DUPLICATE" | "ANALYTICS.CODE_TAKEN";
                                    /** @description Line of the file (the header is line 1) */
                                    line: number;
                                    /** @description Why, in words, naming the row's key and value */
                                    reason: string;
                                }[];
                                /** @description Targets created or replaced */
                                targets: number;
                            };
                            requestId?: string;
                            /** @enum {number} */
                            status: 422;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/targets/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Top-down target set at a node against the bottom-up sum of its stores' targets, and the gap, per fiscal year and month */
        get: {
            parameters: {
                query: {
                    category?: string;
                    /** @description revenue and gross_margin in minor units, units in units */
                    metric?: "revenue" | "gross_margin" | "units";
                    /** @description `company`, a region id (`reg_…`) or a store id (`sto_…`) */
                    node: string;
                    /** @description Fiscal year, named by the calendar year it starts in */
                    year: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            currency: string | null;
                            fiscalYear: number;
                            /** @description set − stores; null when nothing is set at the node */
                            gap: number | null;
                            /** @description revenue and gross_margin in minor units, units in units */
                            metric: "revenue" | "gross_margin" | "units";
                            months: {
                                /** @description YYYY-MM */
                                month: string;
                                set: number | null;
                                stores: number;
                            }[];
                            node: {
                                code: string;
                                id: string;
                                kind: "company" | "region" | "store";
                                name: string;
                            };
                            /** @description Target set at the node; null when none */
                            set: number | null;
                            stores: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/analytics/users/{userId}/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's access grants on the nodes the caller sees (regions: their subtree; stores: that store); changing them needs analytics:write */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            grants: {
                                code: string;
                                id: string;
                                kind: "region" | "store";
                                name: string;
                            }[];
                            userId: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Replace a user's grants on the nodes the caller sees (each granted node must be in the caller's scope, else 404) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        grants: {
                            id: string;
                            kind: "region" | "store";
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            grants: {
                                code: string;
                                id: string;
                                kind: "region" | "store";
                                name: string;
                            }[];
                            userId: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The category tree for the back office: active-product counts (with descendants) and the products of any status each category holds */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AdminCategoryNode"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a category (under `parentId`, or as a root) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        parentId?: string | null;
                        position?: number;
                        slug?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            parentId: string | null;
                            position: number;
                            slug: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/categories/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete an empty category
         * @description A category with subcategories or products of any status answers 409 `CATALOG.CATEGORY_NOT_EMPTY` with `subcategories` and `products` counts.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename or move a category */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        parentId?: string | null;
                        position?: number;
                        slug?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            parentId: string | null;
                            position: number;
                            slug: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/events/dead-letters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Events whose delivery failed too many times, newest first */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                aggregateId: string | null;
                                attempts: number;
                                /** @description The consuming module RabbitMQ gave up delivering it to (services mode: AMQP_URL); null for an event the in-process relay dead-lettered */
                                consumer: string | null;
                                id: string;
                                lastError: string | null;
                                /** Format: date-time */
                                occurredAt: string;
                                /** @description The event payload as published: a JSON object whose shape depends on `type` */
                                payload: {
                                    [key: string]: unknown;
                                };
                                type: string;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/events/dead-letters/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Put a dead-lettered event back in the queue (handlers that already succeeded are not run again)
         * @description A dead outbox event becomes pending again; in services mode, each copy RabbitMQ dead-lettered is sent back to its consumer's queue. 503 EVENTS.BROKER_UNAVAILABLE when RabbitMQ cannot take it now.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @enum {string} */
                            status: "pending";
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/help/articles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Help articles (any status) by category and position; filters by category, status and outdated translations */
        get: {
            parameters: {
                query: {
                    categoryId?: string;
                    /** @description Page size, 1–100 (default 50) */
                    limit: number;
                    outdated?: boolean;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    status?: "draft" | "published";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description Markdown */
                                bodyEn: string;
                                /** @description Markdown */
                                bodyFr: string;
                                categoryId: string;
                                /** Format: date-time */
                                createdAt: string;
                                helpfulNo: number;
                                helpfulYes: number;
                                /** @description Sanitized HTML rendered from bodyEn */
                                htmlEn: string;
                                /** @description Sanitized HTML rendered from bodyFr */
                                htmlFr: string;
                                id: string;
                                /** @description The French text changed since the English one was last saved or reviewed */
                                outdatedEn: boolean;
                                /** @description The English text changed since the French one was last saved or reviewed */
                                outdatedFr: boolean;
                                position: number;
                                publishedAt: string | null;
                                slug: string;
                                status: "draft" | "published";
                                titleEn: string;
                                titleFr: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Create a help article in English and French (Markdown, sanitized on rendering) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Markdown (HTML in it is sanitized) */
                        bodyEn: string;
                        /** @description Markdown (HTML in it is sanitized) */
                        bodyFr: string;
                        categoryId: string;
                        /** @description Order (ascending) */
                        position?: number;
                        /** @description Lower-case letters and digits separated by hyphens */
                        slug?: string;
                        status?: "draft" | "published";
                        titleEn: string;
                        titleFr: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Markdown */
                            bodyEn: string;
                            /** @description Markdown */
                            bodyFr: string;
                            categoryId: string;
                            /** Format: date-time */
                            createdAt: string;
                            helpfulNo: number;
                            helpfulYes: number;
                            /** @description Sanitized HTML rendered from bodyEn */
                            htmlEn: string;
                            /** @description Sanitized HTML rendered from bodyFr */
                            htmlFr: string;
                            id: string;
                            /** @description The French text changed since the English one was last saved or reviewed */
                            outdatedEn: boolean;
                            /** @description The English text changed since the French one was last saved or reviewed */
                            outdatedFr: boolean;
                            position: number;
                            publishedAt: string | null;
                            slug: string;
                            status: "draft" | "published";
                            titleEn: string;
                            titleFr: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/help/articles/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One help article, both languages */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Markdown */
                            bodyEn: string;
                            /** @description Markdown */
                            bodyFr: string;
                            categoryId: string;
                            /** Format: date-time */
                            createdAt: string;
                            helpfulNo: number;
                            helpfulYes: number;
                            /** @description Sanitized HTML rendered from bodyEn */
                            htmlEn: string;
                            /** @description Sanitized HTML rendered from bodyFr */
                            htmlFr: string;
                            id: string;
                            /** @description The French text changed since the English one was last saved or reviewed */
                            outdatedEn: boolean;
                            /** @description The English text changed since the French one was last saved or reviewed */
                            outdatedFr: boolean;
                            position: number;
                            publishedAt: string | null;
                            slug: string;
                            status: "draft" | "published";
                            titleEn: string;
                            titleFr: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a help article and its votes */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a help article; a change of one language marks the other outdated */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Markdown (HTML in it is sanitized) */
                        bodyEn?: string;
                        /** @description Markdown (HTML in it is sanitized) */
                        bodyFr?: string;
                        categoryId?: string;
                        outdatedEn?: boolean;
                        outdatedFr?: boolean;
                        /** @description Order (ascending) */
                        position?: number;
                        /** @description Lower-case letters and digits separated by hyphens */
                        slug?: string;
                        status?: "draft" | "published";
                        titleEn?: string;
                        titleFr?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Markdown */
                            bodyEn: string;
                            /** @description Markdown */
                            bodyFr: string;
                            categoryId: string;
                            /** Format: date-time */
                            createdAt: string;
                            helpfulNo: number;
                            helpfulYes: number;
                            /** @description Sanitized HTML rendered from bodyEn */
                            htmlEn: string;
                            /** @description Sanitized HTML rendered from bodyFr */
                            htmlFr: string;
                            id: string;
                            /** @description The French text changed since the English one was last saved or reviewed */
                            outdatedEn: boolean;
                            /** @description The English text changed since the French one was last saved or reviewed */
                            outdatedFr: boolean;
                            position: number;
                            publishedAt: string | null;
                            slug: string;
                            status: "draft" | "published";
                            titleEn: string;
                            titleFr: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/help/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Help-centre categories (by position), with article counts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description Articles, any status */
                                articleCount: number;
                                descriptionEn: string;
                                descriptionFr: string;
                                id: string;
                                nameEn: string;
                                nameFr: string;
                                position: number;
                                slug: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a help-centre category */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        descriptionEn?: string;
                        descriptionFr?: string;
                        nameEn: string;
                        nameFr: string;
                        /** @description Order (ascending) */
                        position?: number;
                        /** @description Lower-case letters and digits separated by hyphens */
                        slug?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Articles, any status */
                            articleCount: number;
                            descriptionEn: string;
                            descriptionFr: string;
                            id: string;
                            nameEn: string;
                            nameFr: string;
                            position: number;
                            slug: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/help/categories/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an empty help-centre category (409 SUPPORT.HELP_CATEGORY_NOT_EMPTY otherwise) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a help-centre category */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        descriptionEn?: string;
                        descriptionFr?: string;
                        nameEn?: string;
                        nameFr?: string;
                        /** @description Order (ascending) */
                        position?: number;
                        /** @description Lower-case letters and digits separated by hyphens */
                        slug?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Articles, any status */
                            articleCount: number;
                            descriptionEn: string;
                            descriptionFr: string;
                            id: string;
                            nameEn: string;
                            nameFr: string;
                            position: number;
                            slug: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/help/search-misses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Help-centre searches that found nothing, most frequent first */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 50) */
                    limit: number;
                    locale?: "en" | "fr";
                    /** @description 1-based page number (default 1) */
                    page: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                count: number;
                                /** Format: date-time */
                                firstAt: string;
                                /** Format: date-time */
                                lastAt: string;
                                locale: "en" | "fr";
                                query: string;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Import jobs, newest first */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ImportJob"][];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Upload an Online Retail CSV (multipart/form-data, field `file`) and import it in the background
         * @description Answers 202 with the queued job; poll GET /api/admin/imports/{id} for progress and the report. A refused file (missing columns, ambiguous dates) ends with status `refused` and writes nothing. The history goes to the default site (its products, customers and orders): staff limited to sites that do not include it get 403 SITES.NOT_ALLOWED.
         */
        post: {
            parameters: {
                query: {
                    dateFormat?: "dmy" | "mdy" | "ymd";
                    openingStock: number;
                    source: "online-retail";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ImportJob"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/imports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Status, progress and report of one import */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ImportJob"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/inventory/{sku}/movements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The stock ledger of one SKU, newest first, in words: who made each movement (`actorName`) and order numbers in reasons */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 50) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                };
                header?: never;
                path: {
                    sku: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                actor: string | null;
                                /** @description The ledger: the name of the staff member who made the movement (null for none or an unknown user) */
                                actorName?: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                onHandAfter: number;
                                quantity: number;
                                reason: string;
                                sku: string;
                                type: "receipt" | "sale" | "return" | "adjustment" | "release";
                            }[];
                            onHand: number;
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/inventory/low-stock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Variants whose on-hand is below their low-stock threshold, lowest first */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 50) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                onHand: number;
                                productId: string;
                                sku: string;
                                threshold: number;
                                title: string;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/inventory/movements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a stock movement (signed quantity); on-hand never goes below zero */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Signed: receipt/return > 0, sale < 0, adjustment ≠ 0 */
                        quantity: number;
                        reason: string;
                        sku: string;
                        type: "receipt" | "sale" | "return" | "adjustment";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            movement: {
                                actor: string | null;
                                /** @description The ledger: the name of the staff member who made the movement (null for none or an unknown user) */
                                actorName?: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                onHandAfter: number;
                                quantity: number;
                                reason: string;
                                sku: string;
                                type: "receipt" | "sale" | "return" | "adjustment" | "release";
                            };
                            onHand: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/mail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Mail sent (or stored, without SMTP) to customers, newest first
         * @description Filter by recipient (`to`, case-insensitive), `template` and `status`. Bodies are in `GET /api/admin/mail/{id}`.
         */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    /** @description `stored`: no SMTP configured, kept for the back office; `queued`: waiting for the SMTP sender; `sent`; `failed` */
                    status?: "stored" | "queued" | "sent" | "failed";
                    /** @description Mail template */
                    template?: "welcome" | "verify_email" | "registration_attempt" | "password_reset" | "order_confirmation" | "order_shipped" | "order_delivered" | "order_cancelled" | "order_refunded" | "scheduled_report" | "shipment_out_for_delivery" | "shipment_exception" | "support_ticket_opened" | "support_reply" | "support_contact_received" | "support_contact_reply" | "newsletter_confirm";
                    /** @description Recipient address (case-insensitive exact match) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["MailSummary"][];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/mail/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One mail message with its text and HTML bodies */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MailMessage"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/newsletters/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Campaigns, newest first, with their results */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                content: {
                                    en: {
                                        html: string;
                                        preheader: string;
                                        subject: string;
                                        text: string;
                                    };
                                    fr: {
                                        html: string;
                                        preheader: string;
                                        subject: string;
                                        text: string;
                                    };
                                };
                                createdAt: string;
                                finishedAt: string | null;
                                id: string;
                                listId: string;
                                name: string;
                                scheduledAt: string | null;
                                startedAt: string | null;
                                /** @description Recipients by status, plus opened and clicked */
                                stats: {
                                    [key: string]: number;
                                };
                                status: "draft" | "scheduled" | "sending" | "sent" | "cancelled";
                                tracking: boolean;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Create a draft campaign (English and French versions) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        content: {
                            en: {
                                html: string;
                                preheader: string;
                                subject: string;
                                text: string;
                            };
                            fr: {
                                html: string;
                                preheader: string;
                                subject: string;
                                text: string;
                            };
                        };
                        listId: string;
                        name: string;
                        /** @description Open pixel and click redirects (off by default; only when NEWSLETTER_TRACKING=true) */
                        tracking?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            content: {
                                en: {
                                    html: string;
                                    preheader: string;
                                    subject: string;
                                    text: string;
                                };
                                fr: {
                                    html: string;
                                    preheader: string;
                                    subject: string;
                                    text: string;
                                };
                            };
                            createdAt: string;
                            finishedAt: string | null;
                            id: string;
                            listId: string;
                            name: string;
                            scheduledAt: string | null;
                            startedAt: string | null;
                            /** @description Recipients by status, plus opened and clicked */
                            stats: {
                                [key: string]: number;
                            };
                            status: "draft" | "scheduled" | "sending" | "sent" | "cancelled";
                            tracking: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/newsletters/campaigns/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One campaign with its results (recipients by status, opens and clicks) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            content: {
                                en: {
                                    html: string;
                                    preheader: string;
                                    subject: string;
                                    text: string;
                                };
                                fr: {
                                    html: string;
                                    preheader: string;
                                    subject: string;
                                    text: string;
                                };
                            };
                            createdAt: string;
                            finishedAt: string | null;
                            id: string;
                            listId: string;
                            name: string;
                            scheduledAt: string | null;
                            startedAt: string | null;
                            /** @description Recipients by status, plus opened and clicked */
                            stats: {
                                [key: string]: number;
                            };
                            status: "draft" | "scheduled" | "sending" | "sent" | "cancelled";
                            tracking: boolean;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a draft or scheduled campaign */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        content?: {
                            en: {
                                html: string;
                                preheader: string;
                                subject: string;
                                text: string;
                            };
                            fr: {
                                html: string;
                                preheader: string;
                                subject: string;
                                text: string;
                            };
                        };
                        listId?: string;
                        name?: string;
                        /** @description Open pixel and click redirects (off by default; only when NEWSLETTER_TRACKING=true) */
                        tracking?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            content: {
                                en: {
                                    html: string;
                                    preheader: string;
                                    subject: string;
                                    text: string;
                                };
                                fr: {
                                    html: string;
                                    preheader: string;
                                    subject: string;
                                    text: string;
                                };
                            };
                            createdAt: string;
                            finishedAt: string | null;
                            id: string;
                            listId: string;
                            name: string;
                            scheduledAt: string | null;
                            startedAt: string | null;
                            /** @description Recipients by status, plus opened and clicked */
                            stats: {
                                [key: string]: number;
                            };
                            status: "draft" | "scheduled" | "sending" | "sent" | "cancelled";
                            tracking: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/newsletters/campaigns/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a campaign not finished (recipients not sent yet are skipped) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            content: {
                                en: {
                                    html: string;
                                    preheader: string;
                                    subject: string;
                                    text: string;
                                };
                                fr: {
                                    html: string;
                                    preheader: string;
                                    subject: string;
                                    text: string;
                                };
                            };
                            createdAt: string;
                            finishedAt: string | null;
                            id: string;
                            listId: string;
                            name: string;
                            scheduledAt: string | null;
                            startedAt: string | null;
                            /** @description Recipients by status, plus opened and clicked */
                            stats: {
                                [key: string]: number;
                            };
                            status: "draft" | "scheduled" | "sending" | "sent" | "cancelled";
                            tracking: boolean;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/newsletters/campaigns/{id}/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The campaign mail in a language as a subscriber gets it (subject, text, HTML, headers) */
        get: {
            parameters: {
                query?: {
                    locale?: "en" | "fr";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            headers: {
                                [key: string]: string;
                            };
                            html: string;
                            subject: string;
                            text: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/newsletters/campaigns/{id}/recipients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recipients of a campaign with their delivery status */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    status?: "pending" | "sending" | "sent" | "failed" | "skipped" | "bounced";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                clickedAt: string | null;
                                email: string;
                                error: string | null;
                                locale: string;
                                openedAt: string | null;
                                sentAt: string | null;
                                status: string;
                                subscriberId: string;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/newsletters/campaigns/{id}/schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Schedule the campaign for a time (default now); sending goes in batches at MAIL_RATE_PER_MINUTE */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description When to start (UTC ISO 8601); absent: now
                         */
                        at?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            content: {
                                en: {
                                    html: string;
                                    preheader: string;
                                    subject: string;
                                    text: string;
                                };
                                fr: {
                                    html: string;
                                    preheader: string;
                                    subject: string;
                                    text: string;
                                };
                            };
                            createdAt: string;
                            finishedAt: string | null;
                            id: string;
                            listId: string;
                            name: string;
                            scheduledAt: string | null;
                            startedAt: string | null;
                            /** @description Recipients by status, plus opened and clicked */
                            stats: {
                                [key: string]: number;
                            };
                            status: "draft" | "scheduled" | "sending" | "sent" | "cancelled";
                            tracking: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/newsletters/campaigns/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send one test mail of the campaign to an address (needs SMTP_URL: else 409 NEWSLETTERS.SMTP_OFF) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        locale?: "en" | "fr";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            sent: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/newsletters/lists": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Lists (segments) with their current number of subscribers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                createdAt: string;
                                criteria: {
                                    /** @description Bought in this category (id or slug, descendants included) */
                                    category?: string;
                                    /** @description ISO 3166-1 alpha-2 */
                                    country?: string;
                                    locale?: "en" | "fr";
                                    /** @description Never placed an order */
                                    neverOrdered?: boolean;
                                    /** @description Customers of this RFM segment over the last 365 days of sales (analytics; same rule as GET /api/admin/analytics/analyses/rfm) */
                                    rfmSegment?: "champions" | "loyal" | "potential_loyalists" | "new_customers" | "promising" | "need_attention" | "about_to_sleep" | "cant_lose" | "at_risk" | "hibernating" | "lost";
                                    /** @description Site code (default `default`) */
                                    site?: string;
                                    /** @description Bought one of these SKUs */
                                    skus?: string[];
                                };
                                id: string;
                                name: string;
                                subscribers: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a list: confirmed subscribers by site, language, country, purchases (SKU, category), never ordered, or RFM segment
         * @description Criteria combine with AND. `rfmSegment` keeps the subscribers whose account is a customer of that segment over the last 365 days of sales (the analytics module's RFM rule).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        criteria: {
                            /** @description Bought in this category (id or slug, descendants included) */
                            category?: string;
                            /** @description ISO 3166-1 alpha-2 */
                            country?: string;
                            locale?: "en" | "fr";
                            /** @description Never placed an order */
                            neverOrdered?: boolean;
                            /** @description Customers of this RFM segment over the last 365 days of sales (analytics; same rule as GET /api/admin/analytics/analyses/rfm) */
                            rfmSegment?: "champions" | "loyal" | "potential_loyalists" | "new_customers" | "promising" | "need_attention" | "about_to_sleep" | "cant_lose" | "at_risk" | "hibernating" | "lost";
                            /** @description Site code (default `default`) */
                            site?: string;
                            /** @description Bought one of these SKUs */
                            skus?: string[];
                        };
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            criteria: {
                                /** @description Bought in this category (id or slug, descendants included) */
                                category?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country?: string;
                                locale?: "en" | "fr";
                                /** @description Never placed an order */
                                neverOrdered?: boolean;
                                /** @description Customers of this RFM segment over the last 365 days of sales (analytics; same rule as GET /api/admin/analytics/analyses/rfm) */
                                rfmSegment?: "champions" | "loyal" | "potential_loyalists" | "new_customers" | "promising" | "need_attention" | "about_to_sleep" | "cant_lose" | "at_risk" | "hibernating" | "lost";
                                /** @description Site code (default `default`) */
                                site?: string;
                                /** @description Bought one of these SKUs */
                                skus?: string[];
                            };
                            id: string;
                            name: string;
                            subscribers: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/newsletters/lists/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One list and its size now */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            createdAt: string;
                            criteria: {
                                /** @description Bought in this category (id or slug, descendants included) */
                                category?: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country?: string;
                                locale?: "en" | "fr";
                                /** @description Never placed an order */
                                neverOrdered?: boolean;
                                /** @description Customers of this RFM segment over the last 365 days of sales (analytics; same rule as GET /api/admin/analytics/analyses/rfm) */
                                rfmSegment?: "champions" | "loyal" | "potential_loyalists" | "new_customers" | "promising" | "need_attention" | "about_to_sleep" | "cant_lose" | "at_risk" | "hibernating" | "lost";
                                /** @description Site code (default `default`) */
                                site?: string;
                                /** @description Bought one of these SKUs */
                                skus?: string[];
                            };
                            id: string;
                            name: string;
                            subscribers: number;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/newsletters/subscribers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Subscribers, newest first (search by e-mail, filter by status and site) */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    /** @description Part of the e-mail */
                    q?: string;
                    /** @description Site code (default `default`) */
                    site?: string;
                    status?: "pending" | "confirmed" | "unsubscribed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                confirmedAt: string | null;
                                country: string | null;
                                createdAt: string;
                                customerId: string | null;
                                email: string;
                                id: string;
                                locale: "en" | "fr";
                                site: string;
                                softBounces: number;
                                source: string;
                                status: "pending" | "confirmed" | "unsubscribed";
                                suppressed: string | null;
                                unsubscribedAt: string | null;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/newsletters/subscribers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One subscriber with the consent proof (each subscribe, confirm, unsubscribe, import) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            confirmedAt: string | null;
                            consents: {
                                action: string;
                                at: string;
                                consentText: string | null;
                                ip: string | null;
                                locale: string;
                                site: string;
                                source: string;
                                userAgent: string | null;
                            }[];
                            country: string | null;
                            createdAt: string;
                            customerId: string | null;
                            email: string;
                            id: string;
                            locale: "en" | "fr";
                            site: string;
                            softBounces: number;
                            source: string;
                            status: "pending" | "confirmed" | "unsubscribed";
                            suppressed: string | null;
                            unsubscribedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/newsletters/subscribers/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Subscribers as CSV with their consent (text, IP, time), with the list's filters */
        get: {
            parameters: {
                query?: {
                    /** @description Part of the e-mail */
                    q?: string;
                    /** @description Site code (default `default`) */
                    site?: string;
                    status?: "pending" | "confirmed" | "unsubscribed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description CSV (RFC 4180, UTF-8 with a byte order mark, CRLF), streamed in batches */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/newsletters/subscribers/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import subscribers from CSV (text/csv body) with the source of their consent
         * @description Columns: `email` (required), `locale`, `country`, `consented_at` (optional). Rows become confirmed subscribers of `site` with an `import` consent record carrying `consentSource`. Invalid, duplicate, suppressed and unsubscribed addresses are skipped and listed by line. 400 NEWSLETTERS.CSV_INVALID when the file cannot be read.
         */
        post: {
            parameters: {
                query: {
                    /** @description Where and how these people consented (kept as their consent proof) */
                    consentSource: string;
                    locale?: "en" | "fr";
                    /** @description Site code (default `default`) */
                    site?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "text/csv": string;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            imported: number;
                            skipped: {
                                email: string;
                                line: number;
                                reason: string;
                            }[];
                            updated: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Orders with search (number, e-mail, name), named views, filters (status, date range, customer, total range, source), sorted and paginated */
        get: {
            parameters: {
                query: {
                    /** @description Customer id or email */
                    customer?: string;
                    from?: string;
                    /** @description Only these orders: comma-separated ids, at most 100 (a selection) */
                    ids?: string;
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description Minor units (pence, cents), 0 to 2 147 483 647 */
                    maxTotal?: number;
                    /** @description Minor units (pence, cents), 0 to 2 147 483 647 */
                    minTotal?: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    /** @description Failed payment attempts (orders cancelled before they got past payment, e.g. a declined card): left out by default, `include`d, or `only` them */
                    paymentAttempts?: "exclude" | "include" | "only";
                    /** @description Case-insensitive substring of the order number (`CPT-100001`, `100001`), the e-mail or the customer's name (shipping address) */
                    q?: string;
                    /** @description Only orders placed on this site (code; imported history belongs to `default`) */
                    site?: string;
                    /** @description Placed date, total, number or e-mail; `-`: descending (default `newest`) */
                    sort?: "newest" | "oldest" | "total" | "-total" | "number" | "-number" | "email" | "-email";
                    /** @description `web`, or an import source such as `online-retail` */
                    source?: string;
                    status?: "pending" | "payment_processing" | "awaiting_payment" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled";
                    to?: string;
                    /** @description `to_fulfil`: confirmed or processing (paid or cash on delivery, not shipped); `awaiting_payment`: offline payments not received; `refunded`: money refunded on any payment */
                    view?: "to_fulfil" | "awaiting_payment" | "refunded";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Order"][];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One order with lines, shipments, refunds and its history in words: staff names, staff's notes and tags, the customer's order count and lifetime value */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a staff note on an order (never shown to the customer); answers the order as the back office reads it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The note; never shown to the customer (a blank one answers 400) */
                        body: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{id}/payment-received": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark the payment of an offline-paid order received (bank transfer, cash on delivery, pay in store): records it and confirms an order awaiting payment
         * @description Records a captured payment of the order total by the order's offline method, with the optional `reference` (e.g. the bank statement line), and moves an `awaiting_payment` order to `confirmed` (its history names the payment and who recorded it). Repeating it changes nothing. 409 `ORDERS.NOT_OFFLINE` for an order paid through a provider, 409 `ORDERS.ILLEGAL_TRANSITION` for a cancelled one.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description e.g. the bank statement line or till receipt */
                        reference?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{id}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund lines (by quantity, optionally restocked), the shipping charge, or an amount; never more than captured; optional Idempotency-Key makes retries safe
         * @description Give `lines` (SKU and units) and/or `shipping: true`: the server computes the amount from the order (a line's units never give back more than the line's total, in any number of refunds; shipping at most once), `restock: true` puts the units back into stock. Or give a bare `amount` (minor units, without lines). `reason` is told to the customer (refund mail), `note` stays with staff. Answers 201 with the payment, its new refund and the order. With an `Idempotency-Key` header (1–255 printable ASCII characters, e.g. a UUID per refund the user submits), repeating the same request answers 200 with the refund the first request made, and refunds nothing again, even when the requests run concurrently; the same key with another request answers 422 `IDEMPOTENCY.KEY_REUSED`. Without the header, every request is a new refund. Concurrent refunds never give back more than was captured, per line or in total (409 `ORDERS.REFUND_EXCEEDS`, `ORDERS.REFUND_CONFLICT`, `PAYMENTS.REFUND_EXCEEDS_CAPTURED`).
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Minor units; only without lines and shipping (e.g. a goodwill gesture) */
                        amount?: number;
                        lines?: {
                            quantity: number;
                            sku: string;
                        }[];
                        /** @description Staff only */
                        note?: string;
                        /** @description Told to the customer */
                        reason: string;
                        /** @description Put the refunded units back into stock (`return` movements) */
                        restock?: boolean;
                        /** @description Refund the remaining shipping charge */
                        shipping?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            order: components["schemas"]["Order"];
                            payment: {
                                amount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                capturedAmount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                card: {
                                    brand: string;
                                    last4: string;
                                } | null;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 UTC
                                 */
                                createdAt: string;
                                failureCode: string | null;
                                failureMessage: string | null;
                                id: string;
                                orderId: string;
                                provider: string;
                                refundedAmount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                refunds: {
                                    amount: {
                                        /** @description Minor units (pence, cents) */
                                        amount: number;
                                        /** @description ISO 4217 code, e.g. GBP */
                                        currency: string;
                                    };
                                    /**
                                     * Format: date-time
                                     * @description ISO 8601 UTC
                                     */
                                    createdAt: string;
                                    /** @description User id; null for the system or the provider */
                                    createdBy: string | null;
                                    id: string;
                                    paymentId: string;
                                    reason: string;
                                }[];
                                status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided" | "failed";
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 UTC
                                 */
                                updatedAt: string;
                            };
                            refund: {
                                amount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 UTC
                                 */
                                createdAt: string;
                                /** @description User id; null for the system or the provider */
                                createdBy: string | null;
                                id: string;
                                paymentId: string;
                                reason: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            order: components["schemas"]["Order"];
                            payment: {
                                amount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                capturedAmount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                card: {
                                    brand: string;
                                    last4: string;
                                } | null;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 UTC
                                 */
                                createdAt: string;
                                failureCode: string | null;
                                failureMessage: string | null;
                                id: string;
                                orderId: string;
                                provider: string;
                                refundedAmount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                refunds: {
                                    amount: {
                                        /** @description Minor units (pence, cents) */
                                        amount: number;
                                        /** @description ISO 4217 code, e.g. GBP */
                                        currency: string;
                                    };
                                    /**
                                     * Format: date-time
                                     * @description ISO 8601 UTC
                                     */
                                    createdAt: string;
                                    /** @description User id; null for the system or the provider */
                                    createdBy: string | null;
                                    id: string;
                                    paymentId: string;
                                    reason: string;
                                }[];
                                status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided" | "failed";
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 UTC
                                 */
                                updatedAt: string;
                            };
                            refund: {
                                amount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 UTC
                                 */
                                createdAt: string;
                                /** @description User id; null for the system or the provider */
                                createdBy: string | null;
                                id: string;
                                paymentId: string;
                                reason: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{id}/refunds/quote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What a refund of lines and shipping would give back (nothing is refunded): per line and in total, in minor units */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines?: {
                            quantity: number;
                            sku: string;
                        }[];
                        /** @description Refund the remaining shipping charge */
                        shipping?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            amount: {
                                /** @description Minor units (pence, cents) */
                                amount: number;
                                /** @description ISO 4217 code, e.g. GBP */
                                currency: string;
                            };
                            lines: {
                                amount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                quantity: number;
                                sku: string;
                                title: string;
                            }[];
                            shipping: {
                                /** @description Minor units (pence, cents) */
                                amount: number;
                                /** @description ISO 4217 code, e.g. GBP */
                                currency: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{id}/shipments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ship lines (all remaining by default) with carrier and tracking; the order becomes shipped (409 ORDERS.PAYMENT_REQUIRED unless captured in full or cash on delivery) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        carrier: string;
                        lines?: {
                            quantity: number;
                            sku: string;
                        }[];
                        trackingNumber: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{id}/shipments/{shipmentId}/deliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a shipment delivered; the order is delivered when all its shipments are */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    shipmentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{id}/shipments/{shipmentId}/tracking": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record a shipment's tracking status (in transit, out for delivery, delivered, exception) on its timeline
         * @description `delivered` is final (a later update answers 409 `ORDERS.SHIPMENT_DELIVERED`) and delivers the order once all its shipments are. Publishes `order.shipment_tracked` (the customer gets a mail on out_for_delivery and exception).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    shipmentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description What the carrier or staff said, shown to the customer */
                        detail?: string | null;
                        /**
                         * Format: date-time
                         * @description When it happened (default now), ISO 8601
                         */
                        occurredAt?: string;
                        /** @description in_transit, out_for_delivery, delivered (final: the order is delivered once all its shipments are) or exception */
                        status: "in_transit" | "out_for_delivery" | "delivered" | "exception";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{id}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace staff's tags on an order (stored lower case, unique, sorted); answers the order as the back office reads it */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Blank tags are dropped */
                        tags: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/{id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Move an order along its lifecycle; illegal transitions answer 409 ORDERS.ILLEGAL_TRANSITION, confirming without an authorized or recorded payment 409 ORDERS.PAYMENT_REQUIRED
         * @description Cancelling needs a `reason` (400 `ORDERS.REASON_REQUIRED`), recorded in the history; the customer is mailed only with `notifyCustomer: true`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Cancelling: mail the customer (default false) */
                        notifyCustomer?: boolean;
                        /** @description Why; required to cancel (recorded in the history, and told to the customer with `notifyCustomer`) */
                        reason?: string;
                        to: "pending" | "payment_processing" | "awaiting_payment" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The order list as CSV (same search, view, filters and sort as GET /api/admin/orders, every page), streamed
         * @description One line per order: number, placed_at, status, email, customer_name, country, items, currency, subtotal, discount, shipping, tax, total, payment_method, source, id. Money in major units of `currency` (`19.99`), times ISO 8601 UTC. Text cells starting with = + - @ tab or CR are prefixed with ' (OWASP CSV injection). Read from the database in batches while it is sent.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Customer id or email */
                    customer?: string;
                    from?: string;
                    /** @description Only these orders: comma-separated ids, at most 100 (a selection) */
                    ids?: string;
                    /** @description Minor units (pence, cents), 0 to 2 147 483 647 */
                    maxTotal?: number;
                    /** @description Minor units (pence, cents), 0 to 2 147 483 647 */
                    minTotal?: number;
                    /** @description Failed payment attempts (orders cancelled before they got past payment, e.g. a declined card): left out by default, `include`d, or `only` them */
                    paymentAttempts?: "exclude" | "include" | "only";
                    /** @description Case-insensitive substring of the order number (`CPT-100001`, `100001`), the e-mail or the customer's name (shipping address) */
                    q?: string;
                    /** @description Only orders placed on this site (code; imported history belongs to `default`) */
                    site?: string;
                    /** @description Placed date, total, number or e-mail; `-`: descending (default `newest`) */
                    sort?: "newest" | "oldest" | "total" | "-total" | "number" | "-number" | "email" | "-email";
                    /** @description `web`, or an import source such as `online-retail` */
                    source?: string;
                    status?: "pending" | "payment_processing" | "awaiting_payment" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled";
                    to?: string;
                    /** @description `to_fulfil`: confirmed or processing (paid or cash on delivery, not shipped); `awaiting_payment`: offline payments not received; `refunded`: money refunded on any payment */
                    view?: "to_fulfil" | "awaiting_payment" | "refunded";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description CSV (RFC 4180, UTF-8 with a byte order mark, CRLF), streamed in batches */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The dashboard's order figures: today, yesterday, this and last month (with a daily series), orders to fulfil and awaiting payment, the latest orders
         * @description Answers an `ETag`; polling with `If-None-Match` answers 304 (no body) until an order is placed or changes the figures. Days and months are those of `timeZone`; cancelled orders are left out of the counts and revenue.
         */
        get: {
            parameters: {
                query: {
                    currency: string;
                    /** @description IANA time zone whose days and months the figures follow (`Europe/London`); unknown zones answer 400 ORDERS.UNKNOWN_TIME_ZONE */
                    timeZone: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            awaitingPayment: number;
                            currency: string;
                            /** @description Every day of last month and of this month up to today, oldest first */
                            daily: {
                                /**
                                 * Format: date
                                 * @description Local day (YYYY-MM-DD)
                                 */
                                date: string;
                                orders: number;
                                /** @description Minor units */
                                revenue: number;
                            }[];
                            lastMonth: {
                                orders: number;
                                revenue: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                            };
                            /** @description The 5 latest orders (failed payment attempts left out) */
                            latest: {
                                customerName: string | null;
                                email: string | null;
                                id: string;
                                number: string;
                                /** Format: date-time */
                                placedAt: string;
                                status: "pending" | "payment_processing" | "awaiting_payment" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled";
                                total: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                            }[];
                            thisMonth: {
                                orders: number;
                                revenue: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                            };
                            timeZone: string;
                            today: {
                                orders: number;
                                revenue: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                            };
                            /** @description Orders confirmed or processing (not shipped) */
                            toFulfil: number;
                            yesterday: {
                                orders: number;
                                revenue: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                            };
                        };
                    };
                };
                /** @description Not Modified: the `If-None-Match` ETag is still current (no body) */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/orders/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Orders, revenue and average order value between two instants (cancelled orders excluded) */
        get: {
            parameters: {
                query: {
                    currency: string;
                    from: string;
                    to: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            averageOrderValue: {
                                /** @description Minor units (pence, cents) */
                                amount: number;
                                /** @description ISO 4217 code, e.g. GBP */
                                currency: string;
                            };
                            orders: number;
                            revenue: {
                                /** @description Minor units (pence, cents) */
                                amount: number;
                                /** @description ISO 4217 code, e.g. GBP */
                                currency: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Payments (with refunds), newest first; filter by order and status */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description Only the payments of this order */
                    orderId?: string;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    status?: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided" | "failed";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                amount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                capturedAmount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                card: {
                                    brand: string;
                                    last4: string;
                                } | null;
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 UTC
                                 */
                                createdAt: string;
                                failureCode: string | null;
                                failureMessage: string | null;
                                id: string;
                                orderId: string;
                                provider: string;
                                refundedAmount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                refunds: {
                                    amount: {
                                        /** @description Minor units (pence, cents) */
                                        amount: number;
                                        /** @description ISO 4217 code, e.g. GBP */
                                        currency: string;
                                    };
                                    /**
                                     * Format: date-time
                                     * @description ISO 8601 UTC
                                     */
                                    createdAt: string;
                                    /** @description User id; null for the system or the provider */
                                    createdBy: string | null;
                                    id: string;
                                    paymentId: string;
                                    reason: string;
                                }[];
                                status: "pending" | "authorized" | "captured" | "partially_refunded" | "refunded" | "voided" | "failed";
                                /**
                                 * Format: date-time
                                 * @description ISO 8601 UTC
                                 */
                                updatedAt: string;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Products of any status, with cost prices and on-hand stock */
        get: {
            parameters: {
                query: {
                    /** @description Category id or slug; includes its descendants */
                    category?: string;
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description Minor units (pence, cents), 0 to 2 147 483 647 */
                    maxPrice?: number;
                    /** @description Minor units (pence, cents), 0 to 2 147 483 647 */
                    minPrice?: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    /** @description Matches title or SKU (case-insensitive substring) */
                    q?: string;
                    /** @description Only products published on this site (code), priced there or not */
                    site?: string;
                    sort?: "newest" | "price" | "-price" | "title";
                    status?: "draft" | "active" | "archived";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AdminProduct"][];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a product with its variants (one transaction) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        categoryId: string;
                        description?: string;
                        images?: {
                            /** @description Alternative text in English (also the fallback) */
                            alt?: string;
                            /** @description Alternative text in French */
                            altFr?: string;
                            url: string;
                        }[];
                        /** @description Codes of the sites the product is published on (default: the default site only) */
                        sites?: string[];
                        slug?: string;
                        status?: "draft" | "active" | "archived";
                        title: string;
                        variants: {
                            costPrice?: {
                                /** @description Minor units (pence, cents) */
                                amount: number;
                                /** @description ISO 4217 code, e.g. GBP */
                                currency: string;
                            } | null;
                            lowStockThreshold?: number;
                            options?: {
                                [key: string]: string;
                            };
                            price: {
                                /** @description Minor units (pence, cents) */
                                amount: number;
                                /** @description ISO 4217 code, e.g. GBP */
                                currency: string;
                            };
                            /** @description Prices on sites other than the default one; when given, replaces the variant's site prices. A variant without a price on a site is not sold there. */
                            sitePrices?: {
                                price: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                site: string;
                            }[];
                            sku: string;
                            title?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminProduct"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One product of any status by id or slug */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminProduct"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update a product; variants are upserted by SKU (one transaction) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        categoryId?: string;
                        description?: string;
                        images?: {
                            /** @description Alternative text in English (also the fallback) */
                            alt?: string;
                            /** @description Alternative text in French */
                            altFr?: string;
                            url: string;
                        }[];
                        /** @description Codes of the sites the product is published on (default: the default site only) */
                        sites?: string[];
                        slug?: string;
                        status?: "draft" | "active" | "archived";
                        title?: string;
                        /** @description Upserted by SKU; variants not listed are kept */
                        variants?: {
                            costPrice?: {
                                /** @description Minor units (pence, cents) */
                                amount: number;
                                /** @description ISO 4217 code, e.g. GBP */
                                currency: string;
                            } | null;
                            lowStockThreshold?: number;
                            options?: {
                                [key: string]: string;
                            };
                            price: {
                                /** @description Minor units (pence, cents) */
                                amount: number;
                                /** @description ISO 4217 code, e.g. GBP */
                                currency: string;
                            };
                            /** @description Prices on sites other than the default one; when given, replaces the variant's site prices. A variant without a price on a site is not sold there. */
                            sitePrices?: {
                                price: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                site: string;
                            }[];
                            sku: string;
                            title?: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminProduct"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/products/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a product (hidden from the storefront, kept for history) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminProduct"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/products/{id}/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Reorder a product's images, set their alternative texts (English `alt`, French `altFr`) and delete those left out
         * @description The body lists the images to keep, in display order; each `url` must be one of the product's images, at most once (else 400 `CATALOG.UNKNOWN_IMAGE`). Images left out are removed from the product and their uploaded files deleted.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Each `url` one of the product's current images, at most once; images left out are deleted (their uploaded files too) */
                        images: {
                            /** @description Alternative text in English (also the fallback) */
                            alt?: string;
                            /** @description Alternative text in French */
                            altFr?: string;
                            url: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminProduct"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Upload a product image (multipart field `file`: JPEG, PNG, WebP or GIF, at most 10 MiB)
         * @description The type is read from the file's bytes: anything else answers 415 `CATALOG.UNSUPPORTED_IMAGE`, a part whose Content-Type disagrees with its bytes 415 `CATALOG.IMAGE_TYPE_MISMATCH`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AdminProduct"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/products/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The product list as CSV, one line per variant (same search and filters as GET /api/admin/products, every page), streamed
         * @description Columns: product_id, slug, title, status, category, sku, variant_title, currency, price, cost_price, on_hand, low_stock_threshold. Money in major units of `currency` (`19.99`). Text cells starting with = + - @ tab or CR are prefixed with ' (OWASP CSV injection). Read from the database in batches while it is sent.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Category id or slug; includes its descendants */
                    category?: string;
                    /** @description Minor units (pence, cents), 0 to 2 147 483 647 */
                    maxPrice?: number;
                    /** @description Minor units (pence, cents), 0 to 2 147 483 647 */
                    minPrice?: number;
                    /** @description Matches title or SKU (case-insensitive substring) */
                    q?: string;
                    /** @description Only products published on this site (code), priced there or not */
                    site?: string;
                    status?: "draft" | "active" | "archived";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description CSV (RFC 4180, UTF-8 with a byte order mark, CRLF), streamed in batches */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/promotions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Promotions, newest first, with their usage; filter by status, code and site */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    /** @description Substring of the code (case-insensitive) */
                    q?: string;
                    /** @description Only promotions usable on this site (every-site ones included); staff limited to some sites: one of theirs (else 403 SITES.NOT_ALLOWED) */
                    site?: string;
                    /** @description `active`: not disabled; `disabled`: disabled */
                    status?: "active" | "disabled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                categoryIds: string[];
                                /** @description Upper-case */
                                code: string;
                                /** Format: date-time */
                                createdAt: string;
                                currency: string;
                                disabled: boolean;
                                disabledAt: string | null;
                                endsAt: string | null;
                                id: string;
                                minSubtotal: number | null;
                                perCustomerLimit: number | null;
                                /** @description Uses left before the usage limit; null when unlimited */
                                remaining: number | null;
                                /** @description Only signed-in customers may use the code */
                                requiresAccount: boolean;
                                /** @description Codes of the sites the code may be used on; empty: every site */
                                sites: string[];
                                skus: string[];
                                startsAt: string | null;
                                /** @description Orders placed with the code (cancelled orders give their use back) */
                                timesUsed: number;
                                type: "percentage" | "fixed_amount" | "free_shipping";
                                /** Format: date-time */
                                updatedAt: string;
                                usageLimit: number | null;
                                value: number;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Create a promotion code (percentage, fixed amount or free shipping; codes are case-insensitive) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Only lines in these categories (or below) are eligible; empty = no restriction */
                        categoryIds?: string[];
                        /** @description Letters, digits, `-` and `_`; case-insensitive (stored upper-case) */
                        code: string;
                        /** @description ISO 4217 code of `value` (fixed amount) and `minSubtotal`; default GBP */
                        currency?: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 with a time zone; stored and answered in UTC
                         */
                        endsAt?: string;
                        /** @description Minimum cart subtotal, minor units of `currency` */
                        minSubtotal?: number;
                        /** @description Uses allowed per customer, counted per account and per e-mail (lower-case, without plus-tag, without dots for Gmail): a use counts against both */
                        perCustomerLimit?: number;
                        /** @description Only signed-in customers may use the code (a guest is answered 422 PROMOTIONS.ACCOUNT_REQUIRED) */
                        requiresAccount?: boolean;
                        /** @description Codes of the sites the code may be used on; empty = every site (on another site: 409 PROMOTIONS.WRONG_SITE) */
                        sites?: string[];
                        /** @description Only lines with these SKUs are eligible (with categoryIds: either matches); empty = no restriction */
                        skus?: string[];
                        /**
                         * Format: date-time
                         * @description ISO 8601 with a time zone; stored and answered in UTC
                         */
                        startsAt?: string;
                        type: "percentage" | "fixed_amount" | "free_shipping";
                        /** @description Total uses allowed (orders placed) */
                        usageLimit?: number;
                        /** @description Percent 1–100 (percentage), minor units > 0 (fixed_amount), 0 or absent (free_shipping) */
                        value?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            categoryIds: string[];
                            /** @description Upper-case */
                            code: string;
                            /** Format: date-time */
                            createdAt: string;
                            currency: string;
                            disabled: boolean;
                            disabledAt: string | null;
                            endsAt: string | null;
                            id: string;
                            minSubtotal: number | null;
                            perCustomerLimit: number | null;
                            /** @description Uses left before the usage limit; null when unlimited */
                            remaining: number | null;
                            /** @description Only signed-in customers may use the code */
                            requiresAccount: boolean;
                            /** @description Codes of the sites the code may be used on; empty: every site */
                            sites: string[];
                            skus: string[];
                            startsAt: string | null;
                            /** @description Orders placed with the code (cancelled orders give their use back) */
                            timesUsed: number;
                            type: "percentage" | "fixed_amount" | "free_shipping";
                            /** Format: date-time */
                            updatedAt: string;
                            usageLimit: number | null;
                            value: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/promotions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One promotion with its usage (timesUsed, remaining) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            categoryIds: string[];
                            /** @description Upper-case */
                            code: string;
                            /** Format: date-time */
                            createdAt: string;
                            currency: string;
                            disabled: boolean;
                            disabledAt: string | null;
                            endsAt: string | null;
                            id: string;
                            minSubtotal: number | null;
                            perCustomerLimit: number | null;
                            /** @description Uses left before the usage limit; null when unlimited */
                            remaining: number | null;
                            /** @description Only signed-in customers may use the code */
                            requiresAccount: boolean;
                            /** @description Codes of the sites the code may be used on; empty: every site */
                            sites: string[];
                            skus: string[];
                            startsAt: string | null;
                            /** @description Orders placed with the code (cancelled orders give their use back) */
                            timesUsed: number;
                            type: "percentage" | "fixed_amount" | "free_shipping";
                            /** Format: date-time */
                            updatedAt: string;
                            usageLimit: number | null;
                            value: number;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change any setting of a promotion but its code (null clears an optional setting) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Only lines in these categories (or below) are eligible; empty = no restriction */
                        categoryIds?: string[];
                        /** @description ISO 4217 code of `value` (fixed amount) and `minSubtotal`; default GBP */
                        currency?: string;
                        endsAt?: string | null;
                        minSubtotal?: number | null;
                        perCustomerLimit?: number | null;
                        /** @description Only signed-in customers may use the code (a guest is answered 422 PROMOTIONS.ACCOUNT_REQUIRED) */
                        requiresAccount?: boolean;
                        /** @description Codes of the sites the code may be used on; empty = every site (on another site: 409 PROMOTIONS.WRONG_SITE) */
                        sites?: string[];
                        /** @description Only lines with these SKUs are eligible (with categoryIds: either matches); empty = no restriction */
                        skus?: string[];
                        startsAt?: string | null;
                        type?: "percentage" | "fixed_amount" | "free_shipping";
                        usageLimit?: number | null;
                        /** @description Percent 1–100 (percentage), minor units > 0 (fixed_amount), 0 or absent (free_shipping) */
                        value?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            categoryIds: string[];
                            /** @description Upper-case */
                            code: string;
                            /** Format: date-time */
                            createdAt: string;
                            currency: string;
                            disabled: boolean;
                            disabledAt: string | null;
                            endsAt: string | null;
                            id: string;
                            minSubtotal: number | null;
                            perCustomerLimit: number | null;
                            /** @description Uses left before the usage limit; null when unlimited */
                            remaining: number | null;
                            /** @description Only signed-in customers may use the code */
                            requiresAccount: boolean;
                            /** @description Codes of the sites the code may be used on; empty: every site */
                            sites: string[];
                            skus: string[];
                            startsAt: string | null;
                            /** @description Orders placed with the code (cancelled orders give their use back) */
                            timesUsed: number;
                            type: "percentage" | "fixed_amount" | "free_shipping";
                            /** Format: date-time */
                            updatedAt: string;
                            usageLimit: number | null;
                            value: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/promotions/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable a promotion: its code stops working (idempotent) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            categoryIds: string[];
                            /** @description Upper-case */
                            code: string;
                            /** Format: date-time */
                            createdAt: string;
                            currency: string;
                            disabled: boolean;
                            disabledAt: string | null;
                            endsAt: string | null;
                            id: string;
                            minSubtotal: number | null;
                            perCustomerLimit: number | null;
                            /** @description Uses left before the usage limit; null when unlimited */
                            remaining: number | null;
                            /** @description Only signed-in customers may use the code */
                            requiresAccount: boolean;
                            /** @description Codes of the sites the code may be used on; empty: every site */
                            sites: string[];
                            skus: string[];
                            startsAt: string | null;
                            /** @description Orders placed with the code (cancelled orders give their use back) */
                            timesUsed: number;
                            type: "percentage" | "fixed_amount" | "free_shipping";
                            /** Format: date-time */
                            updatedAt: string;
                            usageLimit: number | null;
                            value: number;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/promotions/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a disabled promotion again (idempotent) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            categoryIds: string[];
                            /** @description Upper-case */
                            code: string;
                            /** Format: date-time */
                            createdAt: string;
                            currency: string;
                            disabled: boolean;
                            disabledAt: string | null;
                            endsAt: string | null;
                            id: string;
                            minSubtotal: number | null;
                            perCustomerLimit: number | null;
                            /** @description Uses left before the usage limit; null when unlimited */
                            remaining: number | null;
                            /** @description Only signed-in customers may use the code */
                            requiresAccount: boolean;
                            /** @description Codes of the sites the code may be used on; empty: every site */
                            sites: string[];
                            skus: string[];
                            startsAt: string | null;
                            /** @description Orders placed with the code (cancelled orders give their use back) */
                            timesUsed: number;
                            type: "percentage" | "fixed_amount" | "free_shipping";
                            /** Format: date-time */
                            updatedAt: string;
                            usageLimit: number | null;
                            value: number;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/promotions/{id}/redemptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Uses of a promotion by orders, newest first (active or released) */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description The user id, else the normalised e-mail */
                                customerKey: string | null;
                                /** @description The normalised e-mail the use counts against (lower-case, no plus-tag, no Gmail dots) */
                                emailKey: string | null;
                                id: string;
                                orderId: string;
                                releasedAt: string | null;
                                status: "active" | "released";
                                /** @description The account the use counts against; null for a guest */
                                userId: string | null;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/recommendations/builds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest model builds, newest first (20) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                baskets: number | null;
                                customers: number | null;
                                durationMs: number | null;
                                error: string | null;
                                finishedAt: string | null;
                                id: string;
                                items: number | null;
                                peakMemoryMb: number | null;
                                /** Format: date-time */
                                startedAt: string;
                                status: "running" | "succeeded" | "failed";
                                /** @description `cli`, `api`, `import` or `schedule` */
                                trigger: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Start a model build now (it runs in the background; poll the build)
         * @description A build already running answers 409 RECOMMENDATIONS.BUILD_RUNNING with its id in `buildId`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            baskets: number | null;
                            customers: number | null;
                            durationMs: number | null;
                            error: string | null;
                            finishedAt: string | null;
                            id: string;
                            items: number | null;
                            peakMemoryMb: number | null;
                            /** Format: date-time */
                            startedAt: string;
                            status: "running" | "succeeded" | "failed";
                            /** @description `cli`, `api`, `import` or `schedule` */
                            trigger: string;
                        };
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/recommendations/builds/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One model build with its figures */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            baskets: number | null;
                            customers: number | null;
                            durationMs: number | null;
                            error: string | null;
                            finishedAt: string | null;
                            id: string;
                            items: number | null;
                            peakMemoryMb: number | null;
                            /** Format: date-time */
                            startedAt: string;
                            status: "running" | "succeeded" | "failed";
                            /** @description `cli`, `api`, `import` or `schedule` */
                            trigger: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/recommendations/controls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Merchandiser controls: pins per product and exclusions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            exclusions: {
                                id: string;
                                kind: "product" | "category";
                            }[];
                            pins: {
                                pinnedProductIds: string[];
                                productId: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/recommendations/exclusions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Never recommend a product, or any product of a category (and its subcategories); applies at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Product id or slug, or category id */
                        id: string;
                        kind: "product" | "category";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            kind: "product" | "category";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/recommendations/exclusions/{kind}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Lift an exclusion (idempotent) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    kind: "product" | "category";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/recommendations/products/{id}/pins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Pin products to the top of a product's "bought together" list (in order; empty removes the pins); applies at once */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Ids or slugs, in display order; empty removes every pin */
                        productIds: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            pinnedProductIds: string[];
                            productId: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/sites": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every site, by code (staff limited to some sites: theirs) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Site"][];
                        };
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a site (a storefront with its hosts, currency, languages and branding)
         * @description A host name selecting another site answers 409 SITES.HOST_TAKEN; an existing code 409 SITES.CODE_TAKEN; staff limited to some sites create none (403 SITES.NOT_ALLOWED).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Lower-case letters, digits and - */
                        code: string;
                        /** Format: email */
                        contactEmail: string;
                        /** @description ISO 4217 */
                        currency: string;
                        defaultLanguage?: "en" | "fr";
                        hosts?: string[];
                        languages?: ("en" | "fr")[];
                        legalPages?: {
                            title: string;
                            /** @description An https URL or a path on the site (/legal/terms) */
                            url: string;
                        }[];
                        name: string;
                        shippingMethodIds?: string[];
                        tax?: {
                            /** @description ISO 3166-1 alpha-2 country whose rate applies before a destination is known (cart tax rules) */
                            homeCountry: string;
                            /** @description Prices include tax (the cart module prices tax-inclusive) */
                            pricesIncludeTax: boolean;
                        };
                        theme?: {
                            /**
                             * @description CSS hex colour #rrggbb
                             * @example #1f2937
                             */
                            accentColor: string;
                            logoUrl: string | null;
                            /**
                             * @description CSS hex colour #rrggbb
                             * @example #1f2937
                             */
                            primaryColor: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Site"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/sites/{code}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One site */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Code of the site */
                    code: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Site"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a site (never the default site: 409 SITES.DEFAULT_SITE) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Code of the site */
                    code: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a site's settings */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Code of the site */
                    code: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        contactEmail?: string;
                        /** @description ISO 4217 */
                        currency?: string;
                        defaultLanguage?: "en" | "fr";
                        hosts?: string[];
                        languages?: ("en" | "fr")[];
                        legalPages?: {
                            title: string;
                            /** @description An https URL or a path on the site (/legal/terms) */
                            url: string;
                        }[];
                        name?: string;
                        shippingMethodIds?: string[];
                        tax?: {
                            /** @description ISO 3166-1 alpha-2 country whose rate applies before a destination is known (cart tax rules) */
                            homeCountry: string;
                            /** @description Prices include tax (the cart module prices tax-inclusive) */
                            pricesIncludeTax: boolean;
                        };
                        theme?: {
                            /**
                             * @description CSS hex colour #rrggbb
                             * @example #1f2937
                             */
                            accentColor: string;
                            logoUrl: string | null;
                            /**
                             * @description CSS hex colour #rrggbb
                             * @example #1f2937
                             */
                            primaryColor: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Site"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/sms": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** SMS handed to the SMS provider, newest first */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    /** @description Phone number (exact match) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["SmsMessage"][];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who tickets can be assigned to (staff with the support or admin role), by name */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/canned-replies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Canned replies (English and French), by title */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                bodyEn: string;
                                bodyFr: string;
                                id: string;
                                title: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a canned reply */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bodyEn: string;
                        bodyFr: string;
                        title: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bodyEn: string;
                            bodyFr: string;
                            id: string;
                            title: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/canned-replies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a canned reply */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/contact-messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Contact form messages, newest first, by state, team and site (staff limited to some sites: their sites' messages; `site` one of them, else 403 `SITES.NOT_ALLOWED`) */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    /** @description Only messages sent on this site (a code); staff limited to some sites see only theirs */
                    site?: string;
                    state?: "new" | "answered" | "converted" | "closed";
                    team?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                answeredAt: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                email: string;
                                id: string;
                                locale: "en" | "fr";
                                message: string;
                                name: string;
                                orderNumber: string | null;
                                reply: string | null;
                                /** @description The site (code) whose contact form sent it */
                                site: string;
                                state: "new" | "answered" | "converted" | "closed";
                                team: string;
                                ticketId: string | null;
                                topic: "order" | "return" | "product" | "other";
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/contact-messages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One contact message */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            answeredAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            email: string;
                            id: string;
                            locale: "en" | "fr";
                            message: string;
                            name: string;
                            orderNumber: string | null;
                            reply: string | null;
                            /** @description The site (code) whose contact form sent it */
                            site: string;
                            state: "new" | "answered" | "converted" | "closed";
                            team: string;
                            ticketId: string | null;
                            topic: "order" | "return" | "product" | "other";
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/contact-messages/{id}/reply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Answer a new contact message by mail */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            answeredAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            email: string;
                            id: string;
                            locale: "en" | "fr";
                            message: string;
                            name: string;
                            orderNumber: string | null;
                            reply: string | null;
                            /** @description The site (code) whose contact form sent it */
                            site: string;
                            state: "new" | "answered" | "converted" | "closed";
                            team: string;
                            ticketId: string | null;
                            topic: "order" | "return" | "product" | "other";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/contact-messages/{id}/ticket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn a new contact message into a ticket of its sender */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            answeredAt: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            email: string;
                            id: string;
                            locale: "en" | "fr";
                            message: string;
                            name: string;
                            orderNumber: string | null;
                            reply: string | null;
                            /** @description The site (code) whose contact form sent it */
                            site: string;
                            state: "new" | "answered" | "converted" | "closed";
                            team: string;
                            ticketId: string | null;
                            topic: "order" | "return" | "product" | "other";
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/sla": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** SLA targets per priority (first response and resolution, minutes) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description Minutes */
                                firstResponseMinutes: number;
                                priority: "low" | "normal" | "high" | "urgent";
                                /** @description Minutes */
                                resolutionMinutes: number;
                            }[];
                        };
                    };
                };
            };
        };
        /**
         * Set SLA targets of some priorities (new tickets and priority changes take them; due times already set are kept)
         * @description A resolution target shorter than its first-response target answers 400.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        targets: {
                            /** @description Minutes */
                            firstResponseMinutes: number;
                            priority: "low" | "normal" | "high" | "urgent";
                            /** @description Minutes */
                            resolutionMinutes: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description Minutes */
                                firstResponseMinutes: number;
                                priority: "low" | "normal" | "high" | "urgent";
                                /** @description Minutes */
                                resolutionMinutes: number;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The agents' queue: filters, full-text search, most urgent first (staff limited to some sites: their sites' tickets; `site` one of them, else 403 `SITES.NOT_ALLOWED`) */
        get: {
            parameters: {
                query: {
                    /** @description A user id, `me` or `none` */
                    assignee?: string;
                    category?: "order_problem" | "return_request" | "product_question" | "other";
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description Only tickets past their SLA target */
                    overdue?: boolean;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    priority?: "low" | "normal" | "high" | "urgent";
                    /** @description Full-text search over subjects and messages, or a ticket id / e-mail */
                    q?: string;
                    /** @description Only tickets opened on this site (a code); staff limited to some sites see only theirs */
                    site?: string;
                    /** @description One or more states (default: every state but closed) */
                    state?: ("new" | "open" | "pending" | "solved" | "closed")[];
                    team?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                assigneeId: string | null;
                                category: "order_problem" | "return_request" | "product_question" | "other";
                                /** Format: date-time */
                                createdAt: string;
                                customerId: string | null;
                                email: string;
                                id: string;
                                messageCount: number;
                                name: string | null;
                                orderId: string | null;
                                priority: "low" | "normal" | "high" | "urgent";
                                /** @description The site (code) the ticket was opened on */
                                site: string;
                                sla: {
                                    dueAt: string | null;
                                    minutesLeft: number | null;
                                    overdue: boolean;
                                    target: ("first_response" | "resolution") | null;
                                };
                                state: "new" | "open" | "pending" | "solved" | "closed";
                                subject: string;
                                tags: string[];
                                team: string | null;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/tickets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One ticket with internal notes, history and the customer's other tickets */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assigneeId: string | null;
                            category: "order_problem" | "return_request" | "product_question" | "other";
                            /** Format: date-time */
                            createdAt: string;
                            customerId: string | null;
                            email: string;
                            id: string;
                            messageCount: number;
                            name: string | null;
                            orderId: string | null;
                            priority: "low" | "normal" | "high" | "urgent";
                            /** @description The site (code) the ticket was opened on */
                            site: string;
                            sla: {
                                dueAt: string | null;
                                minutesLeft: number | null;
                                overdue: boolean;
                                target: ("first_response" | "resolution") | null;
                            };
                            state: "new" | "open" | "pending" | "solved" | "closed";
                            subject: string;
                            tags: string[];
                            team: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                        } & {
                            assigneeName: string | null;
                            firstResponseAt: string | null;
                            history: {
                                actor: string;
                                actorName: string | null;
                                /** Format: date-time */
                                at: string;
                                field: string;
                                from: string | null;
                                to: string | null;
                            }[];
                            locale: "en" | "fr";
                            messages: {
                                attachments: {
                                    contentType: string;
                                    filename: string;
                                    id: string;
                                    scanState: "pending" | "clean" | "infected" | "not_scanned";
                                    /** @description Bytes */
                                    size: number;
                                }[];
                                authorName: string | null;
                                authorType: "customer" | "agent" | "system";
                                body: string;
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                via: "web" | "mail";
                                visibility: "public" | "internal";
                            }[];
                            /** @description The same customer's other tickets (by account, else e-mail), newest first, at most 20 */
                            previousTickets: {
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                state: "new" | "open" | "pending" | "solved" | "closed";
                                subject: string;
                            }[];
                            /** @description Returns (RMAs) of the ticket's order, oldest first (those of other tickets too); empty without an order */
                            returns: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description `rma_…` */
                                id: string;
                                lines: {
                                    quantity: number;
                                    sku: string;
                                    title: string;
                                }[];
                                orderId: string;
                                orderNumber: string;
                                reason: string;
                                receivedAt: string | null;
                                reference: string | null;
                                refund: {
                                    amount: {
                                        amount: number;
                                        currency: string;
                                    };
                                    id: string;
                                } | null;
                                status: "authorized" | "received";
                            }[];
                            solvedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change state, priority, assignee, team or tags (each change in the history) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        assigneeId?: string | null;
                        category?: "order_problem" | "return_request" | "product_question" | "other";
                        priority?: "low" | "normal" | "high" | "urgent";
                        state?: "new" | "open" | "pending" | "solved" | "closed";
                        tags?: string[];
                        team?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assigneeId: string | null;
                            category: "order_problem" | "return_request" | "product_question" | "other";
                            /** Format: date-time */
                            createdAt: string;
                            customerId: string | null;
                            email: string;
                            id: string;
                            messageCount: number;
                            name: string | null;
                            orderId: string | null;
                            priority: "low" | "normal" | "high" | "urgent";
                            /** @description The site (code) the ticket was opened on */
                            site: string;
                            sla: {
                                dueAt: string | null;
                                minutesLeft: number | null;
                                overdue: boolean;
                                target: ("first_response" | "resolution") | null;
                            };
                            state: "new" | "open" | "pending" | "solved" | "closed";
                            subject: string;
                            tags: string[];
                            team: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                        } & {
                            assigneeName: string | null;
                            firstResponseAt: string | null;
                            history: {
                                actor: string;
                                actorName: string | null;
                                /** Format: date-time */
                                at: string;
                                field: string;
                                from: string | null;
                                to: string | null;
                            }[];
                            locale: "en" | "fr";
                            messages: {
                                attachments: {
                                    contentType: string;
                                    filename: string;
                                    id: string;
                                    scanState: "pending" | "clean" | "infected" | "not_scanned";
                                    /** @description Bytes */
                                    size: number;
                                }[];
                                authorName: string | null;
                                authorType: "customer" | "agent" | "system";
                                body: string;
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                via: "web" | "mail";
                                visibility: "public" | "internal";
                            }[];
                            /** @description The same customer's other tickets (by account, else e-mail), newest first, at most 20 */
                            previousTickets: {
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                state: "new" | "open" | "pending" | "solved" | "closed";
                                subject: string;
                            }[];
                            /** @description Returns (RMAs) of the ticket's order, oldest first (those of other tickets too); empty without an order */
                            returns: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description `rma_…` */
                                id: string;
                                lines: {
                                    quantity: number;
                                    sku: string;
                                    title: string;
                                }[];
                                orderId: string;
                                orderNumber: string;
                                reason: string;
                                receivedAt: string | null;
                                reference: string | null;
                                refund: {
                                    amount: {
                                        amount: number;
                                        currency: string;
                                    };
                                    id: string;
                                } | null;
                                status: "authorized" | "received";
                            }[];
                            solvedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/support/tickets/{id}/attachments/{attachmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download an attachment (released files only) */
        get: {
            parameters: {
                query?: {
                    inline?: boolean;
                    token?: string;
                };
                header?: never;
                path: {
                    attachmentId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/tickets/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reply publicly (mailed to the customer) or add an internal note (never shown to the customer) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                        state?: "new" | "open" | "pending" | "solved" | "closed";
                        visibility: "public" | "internal";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assigneeId: string | null;
                            category: "order_problem" | "return_request" | "product_question" | "other";
                            /** Format: date-time */
                            createdAt: string;
                            customerId: string | null;
                            email: string;
                            id: string;
                            messageCount: number;
                            name: string | null;
                            orderId: string | null;
                            priority: "low" | "normal" | "high" | "urgent";
                            /** @description The site (code) the ticket was opened on */
                            site: string;
                            sla: {
                                dueAt: string | null;
                                minutesLeft: number | null;
                                overdue: boolean;
                                target: ("first_response" | "resolution") | null;
                            };
                            state: "new" | "open" | "pending" | "solved" | "closed";
                            subject: string;
                            tags: string[];
                            team: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                        } & {
                            assigneeName: string | null;
                            firstResponseAt: string | null;
                            history: {
                                actor: string;
                                actorName: string | null;
                                /** Format: date-time */
                                at: string;
                                field: string;
                                from: string | null;
                                to: string | null;
                            }[];
                            locale: "en" | "fr";
                            messages: {
                                attachments: {
                                    contentType: string;
                                    filename: string;
                                    id: string;
                                    scanState: "pending" | "clean" | "infected" | "not_scanned";
                                    /** @description Bytes */
                                    size: number;
                                }[];
                                authorName: string | null;
                                authorType: "customer" | "agent" | "system";
                                body: string;
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                via: "web" | "mail";
                                visibility: "public" | "internal";
                            }[];
                            /** @description The same customer's other tickets (by account, else e-mail), newest first, at most 20 */
                            previousTickets: {
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                state: "new" | "open" | "pending" | "solved" | "closed";
                                subject: string;
                            }[];
                            /** @description Returns (RMAs) of the ticket's order, oldest first (those of other tickets too); empty without an order */
                            returns: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description `rma_…` */
                                id: string;
                                lines: {
                                    quantity: number;
                                    sku: string;
                                    title: string;
                                }[];
                                orderId: string;
                                orderNumber: string;
                                reason: string;
                                receivedAt: string | null;
                                reference: string | null;
                                refund: {
                                    amount: {
                                        amount: number;
                                        currency: string;
                                    };
                                    id: string;
                                } | null;
                                status: "authorized" | "received";
                            }[];
                            solvedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/tickets/{id}/returns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Turn a return-request ticket into a return (RMA) of its delivered order: lines, quantities, reason
         * @description Only a `return_request` ticket with an order (else 409 `SUPPORT.NOT_A_RETURN_REQUEST`), only a delivered order (409 `ORDERS.NOT_RETURNABLE`), each SKU at most its delivered units less those of earlier returns (409 `ORDERS.RETURN_EXCEEDS`; a SKU not delivered or given twice: 400 `ORDERS.INVALID_RETURN`); nothing is written on an error. The ticket's history records the return; the order publishes `return.authorized`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        lines: {
                            quantity: number;
                            sku: string;
                        }[];
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assigneeId: string | null;
                            category: "order_problem" | "return_request" | "product_question" | "other";
                            /** Format: date-time */
                            createdAt: string;
                            customerId: string | null;
                            email: string;
                            id: string;
                            messageCount: number;
                            name: string | null;
                            orderId: string | null;
                            priority: "low" | "normal" | "high" | "urgent";
                            /** @description The site (code) the ticket was opened on */
                            site: string;
                            sla: {
                                dueAt: string | null;
                                minutesLeft: number | null;
                                overdue: boolean;
                                target: ("first_response" | "resolution") | null;
                            };
                            state: "new" | "open" | "pending" | "solved" | "closed";
                            subject: string;
                            tags: string[];
                            team: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                        } & {
                            assigneeName: string | null;
                            firstResponseAt: string | null;
                            history: {
                                actor: string;
                                actorName: string | null;
                                /** Format: date-time */
                                at: string;
                                field: string;
                                from: string | null;
                                to: string | null;
                            }[];
                            locale: "en" | "fr";
                            messages: {
                                attachments: {
                                    contentType: string;
                                    filename: string;
                                    id: string;
                                    scanState: "pending" | "clean" | "infected" | "not_scanned";
                                    /** @description Bytes */
                                    size: number;
                                }[];
                                authorName: string | null;
                                authorType: "customer" | "agent" | "system";
                                body: string;
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                via: "web" | "mail";
                                visibility: "public" | "internal";
                            }[];
                            /** @description The same customer's other tickets (by account, else e-mail), newest first, at most 20 */
                            previousTickets: {
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                state: "new" | "open" | "pending" | "solved" | "closed";
                                subject: string;
                            }[];
                            /** @description Returns (RMAs) of the ticket's order, oldest first (those of other tickets too); empty without an order */
                            returns: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description `rma_…` */
                                id: string;
                                lines: {
                                    quantity: number;
                                    sku: string;
                                    title: string;
                                }[];
                                orderId: string;
                                orderNumber: string;
                                reason: string;
                                receivedAt: string | null;
                                reference: string | null;
                                refund: {
                                    amount: {
                                        amount: number;
                                        currency: string;
                                    };
                                    id: string;
                                } | null;
                                status: "authorized" | "received";
                            }[];
                            solvedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/tickets/{id}/returns/{returnId}/receive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The return came back: refund its units through the order's refund path and put them back into stock
         * @description The captured payment is refunded for the returned units (`order.refunded`, `payment.refunded`), the units go back into stock (`return` movements) and the return becomes `received` (`return.received`), in one transaction. With `refund: false` the units only go back into stock (nothing was captured, e.g. cash on delivery not collected). With an `Idempotency-Key`, a repeat of the same request answers the ticket again and does nothing twice (the key with another request: 422 `IDEMPOTENCY.KEY_REUSED`). Already received: 409 `ORDERS.RETURN_RECEIVED`; refund asked but nothing captured: 409 `ORDERS.NO_PAYMENT`; not a return of this ticket: 404 `SUPPORT.RETURN_NOT_FOUND`.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "idempotency-key"?: string;
                };
                path: {
                    id: string;
                    returnId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @description Refund the returned units (default); false: restock only, no refund
                         * @default true
                         */
                        refund?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assigneeId: string | null;
                            category: "order_problem" | "return_request" | "product_question" | "other";
                            /** Format: date-time */
                            createdAt: string;
                            customerId: string | null;
                            email: string;
                            id: string;
                            messageCount: number;
                            name: string | null;
                            orderId: string | null;
                            priority: "low" | "normal" | "high" | "urgent";
                            /** @description The site (code) the ticket was opened on */
                            site: string;
                            sla: {
                                dueAt: string | null;
                                minutesLeft: number | null;
                                overdue: boolean;
                                target: ("first_response" | "resolution") | null;
                            };
                            state: "new" | "open" | "pending" | "solved" | "closed";
                            subject: string;
                            tags: string[];
                            team: string | null;
                            /** Format: date-time */
                            updatedAt: string;
                        } & {
                            assigneeName: string | null;
                            firstResponseAt: string | null;
                            history: {
                                actor: string;
                                actorName: string | null;
                                /** Format: date-time */
                                at: string;
                                field: string;
                                from: string | null;
                                to: string | null;
                            }[];
                            locale: "en" | "fr";
                            messages: {
                                attachments: {
                                    contentType: string;
                                    filename: string;
                                    id: string;
                                    scanState: "pending" | "clean" | "infected" | "not_scanned";
                                    /** @description Bytes */
                                    size: number;
                                }[];
                                authorName: string | null;
                                authorType: "customer" | "agent" | "system";
                                body: string;
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                via: "web" | "mail";
                                visibility: "public" | "internal";
                            }[];
                            /** @description The same customer's other tickets (by account, else e-mail), newest first, at most 20 */
                            previousTickets: {
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                state: "new" | "open" | "pending" | "solved" | "closed";
                                subject: string;
                            }[];
                            /** @description Returns (RMAs) of the ticket's order, oldest first (those of other tickets too); empty without an order */
                            returns: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description `rma_…` */
                                id: string;
                                lines: {
                                    quantity: number;
                                    sku: string;
                                    title: string;
                                }[];
                                orderId: string;
                                orderNumber: string;
                                reason: string;
                                receivedAt: string | null;
                                reference: string | null;
                                refund: {
                                    amount: {
                                        amount: number;
                                        currency: string;
                                    };
                                    id: string;
                                } | null;
                                status: "authorized" | "received";
                            }[];
                            solvedAt: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/support/tickets/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign and/or close up to 100 tickets at once (all or nothing) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        assigneeId?: string | null;
                        ids: string[];
                        /** @enum {string} */
                        state?: "closed";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            updated: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List users
         * @description Newest first; filter by `q` (email or name, case-insensitive) and `role`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Page size, 1–100 (default 20) */
                    limit?: number;
                    /** @description 1-based page number (default 1) */
                    page?: number;
                    /** @description Case-insensitive substring of the email or name */
                    q?: string;
                    /** @description Role name; see the role → permission table in the docs */
                    role?: "admin" | "manager" | "analyst" | "support" | "customer";
                    /** @description Created (`newest`, default; `oldest`), `email` or `name` (last name); `-`: descending */
                    sort?: "newest" | "oldest" | "email" | "-email" | "name" | "-name";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                country: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                email: string | null;
                                firstName: string | null;
                                /** @description User id (`usr_…`) */
                                id: string;
                                lastName: string | null;
                                /**
                                 * @description UI and email language
                                 * @enum {string}
                                 */
                                locale: "en" | "fr";
                                roles: ("admin" | "manager" | "analyst" | "support" | "customer")[];
                                sites: string[] | null;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id (`usr_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A user (never the password hash) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            country: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            email: string | null;
                            firstName: string | null;
                            /** @description User id (`usr_…`) */
                            id: string;
                            lastName: string | null;
                            /**
                             * @description UI and email language
                             * @enum {string}
                             */
                            locale: "en" | "fr";
                            roles: ("admin" | "manager" | "analyst" | "support" | "customer")[];
                            sites: string[] | null;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Replace a user’s roles and/or the sites whose back office they are limited to
         * @description Nobody changes their own roles or sites (403 `IDENTITY.CANNOT_CHANGE_OWN_ROLES`). A user limited to sites sees and changes in the back office only those sites, their products and their orders; `sites: null` lifts the limit. The user’s access tokens stop working on back-office routes at once (token version bumped); their next refresh carries the new roles and sites.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id (`usr_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The complete new role list */
                        roles?: ("admin" | "manager" | "analyst" | "support" | "customer")[];
                        sites?: string[] | null;
                    };
                };
            };
            responses: {
                /** @description A user (never the password hash) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            country: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            email: string | null;
                            firstName: string | null;
                            /** @description User id (`usr_…`) */
                            id: string;
                            lastName: string | null;
                            /**
                             * @description UI and email language
                             * @enum {string}
                             */
                            locale: "en" | "fr";
                            roles: ("admin" | "manager" | "analyst" | "support" | "customer")[];
                            sites: string[] | null;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/admin/users/{id}/addresses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A customer’s address book (defaults first, then newest) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id (`usr_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                city: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                /** Format: date-time */
                                createdAt: string;
                                defaultBilling: boolean;
                                defaultShipping: boolean;
                                firstName: string;
                                /** @description Address id (`adr_…`) */
                                id: string;
                                label: string | null;
                                lastName: string;
                                line1: string;
                                line2?: string;
                                /** @description E.164 */
                                phone?: string;
                                postalCode: string;
                                region?: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Staff's tags and notes on a customer (newest note first) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id (`usr_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            notes: {
                                /** Format: date-time */
                                at: string;
                                /** @description User id of the staff member */
                                author: string | null;
                                /** @description Their name (or e-mail) when known */
                                authorName: string | null;
                                body: string;
                                id: string;
                            }[];
                            tags: string[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Add a staff note on a customer (never shown to them) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id (`usr_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The note; never shown to the customer (a blank one answers 400) */
                        body: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            notes: {
                                /** Format: date-time */
                                at: string;
                                /** @description User id of the staff member */
                                author: string | null;
                                /** @description Their name (or e-mail) when known */
                                authorName: string | null;
                                body: string;
                                id: string;
                            }[];
                            tags: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{id}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace staff's tags on a customer (stored lower case, unique, sorted) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id (`usr_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Blank tags are dropped */
                        tags: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            notes: {
                                /** Format: date-time */
                                at: string;
                                /** @description User id of the staff member */
                                author: string | null;
                                /** @description Their name (or e-mail) when known */
                                authorName: string | null;
                                body: string;
                                id: string;
                            }[];
                            tags: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user list as CSV (same search, role filter and sort as GET /api/admin/users, every page), streamed
         * @description Columns: id, email, first_name, last_name, roles, country, locale, email_verified, source, created_at; times ISO 8601 UTC, roles separated by spaces. Text cells starting with = + - @ tab or CR are prefixed with ' (OWASP CSV injection). Read from the database in batches while it is sent.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Case-insensitive substring of the email or name */
                    q?: string;
                    /** @description Role name; see the role → permission table in the docs */
                    role?: "admin" | "manager" | "analyst" | "support" | "customer";
                    /** @description Created (`newest`, default; `oldest`), `email` or `name` (last name); `-`: descending */
                    sort?: "newest" | "oldest" | "email" | "-email" | "name" | "-name";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description CSV (RFC 4180, UTF-8 with a byte order mark, CRLF), streamed in batches */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/analytics/report-files/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download an export through its signed link (no bearer: the signature is the credential) */
        get: {
            parameters: {
                query: {
                    /** @description Unix seconds */
                    expires: number;
                    signature: string;
                };
                header?: never;
                path: {
                    /** @description Export id (`rex_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file, streamed (`Content-Disposition: attachment` names the report, node and period; `X-Export-Notice` says when an XLSX became CSV) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": string;
                        "text/csv": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/analytics/report-subscriptions/{id}/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The unsubscribe link of mails sent before the confirmation page: redirects to it (never unsubscribes) */
        get: {
            parameters: {
                query: {
                    signature: string;
                };
                header?: never;
                path: {
                    /** @description Subscription id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                303: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Unsubscribe with the signature of a scheduled report mail's link (no bearer: the signature is the credential) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Subscription id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The `signature` of the mailed link */
                        signature: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            report: string;
                            /** @enum {boolean} */
                            unsubscribed: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/csrf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A CSRF token for the browser session routes
         * @description Sets the CSRF secret cookie if absent and answers a token derived from it. Browsers send the token in the `x-csrf-token` header to sign in with a cookie session and to refresh or sign out with the refresh-token cookie; without it those answer 403 `AUTH.CSRF_REJECTED`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            csrfToken: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email and password
         * @description Wrong password, unknown email and accounts without a password all answer 401 `AUTH.INVALID_CREDENTIALS`. After `LOGIN_MAX_FAILURES` consecutive failures for one email the account is locked for a while (doubling with each further failure): 429 `AUTH.TOO_MANY_FAILED_LOGINS` with `Retry-After`, even with the right password. The right password for an address not yet verified answers 403 `AUTH.EMAIL_NOT_VERIFIED`. Browsers send the `x-csrf-token` header (GET /api/auth/csrf): the refresh token is then set in an HttpOnly cookie and left out of the answer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Bearer access token (JWT) carrying roles and permissions */
                            accessToken: string;
                            /** @description Access token lifetime in seconds */
                            expiresIn: number;
                            /** @description Opaque single-use refresh token; every refresh returns a new one. Absent in cookie mode (the request carried x-csrf-token): the token is then in the HttpOnly refresh-token cookie */
                            refreshToken?: string;
                            /** @description A user (never the password hash) */
                            user: {
                                country: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                email: string | null;
                                firstName: string | null;
                                /** @description User id (`usr_…`) */
                                id: string;
                                lastName: string | null;
                                /**
                                 * @description UI and email language
                                 * @enum {string}
                                 */
                                locale: "en" | "fr";
                                roles: ("admin" | "manager" | "analyst" | "support" | "customer")[];
                                sites: string[] | null;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out
         * @description Revokes the refresh token (from the body, or else from the refresh-token cookie with the `x-csrf-token` header, which is then cleared) and every token of its family. Idempotent: unknown or absent tokens also answer 204.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The refresh token from register, login or a previous refresh; leave it out to use the refresh-token cookie (then the x-csrf-token header is required) */
                        refreshToken?: string;
                    };
                };
            };
            responses: {
                /** @description Signed out */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout-everywhere": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out on every device
         * @description Revokes every refresh token of the signed-in user and bumps their token version: access tokens already issued stop working on back-office routes at once (401 `AUTH.TOKEN_REVOKED`), elsewhere when they expire.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Signed out everywhere */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password-reset": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with the mailed reset link’s token
         * @description The link works once (400 `IDENTITY.INVALID_LINK` afterwards, or when forged or expired). The address counts as verified; every session of the account is signed out (refresh tokens revoked, token version bumped). Weak passwords answer 422 `IDENTITY.WEAK_PASSWORD`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description At least 8 characters, and not a common, breached or easily guessed password (else 422 `IDENTITY.WEAK_PASSWORD`) */
                        password: string;
                        /** @description The token of the mailed reset link */
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Password changed; sign in with it */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password-reset/request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask for a password-reset link by mail
         * @description Answers 202 with the same body whether or not an account has this address; when one has, a single-use link valid one hour is mailed (`user.password_reset_requested`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The account email; any string is accepted and answered the same */
                        email: string;
                    };
                };
            };
            responses: {
                /** @description Accepted; the same answer whether or not the address has an account */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description What to expect, for people */
                            detail: string;
                            /** @enum {string} */
                            status: "accepted";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a refresh token
         * @description Returns a new access token and a new refresh token; the presented one becomes used. Presenting a used token answers 401 `AUTH.INVALID_REFRESH_TOKEN` and revokes every token descended from the same sign-in. The token comes from the body, or else from the refresh-token cookie: then the `x-csrf-token` header must hold the token of GET /api/auth/csrf (403 `AUTH.CSRF_REJECTED` otherwise) and the new refresh token is set in the cookie, not answered.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The refresh token from register, login or a previous refresh; leave it out to use the refresh-token cookie (then the x-csrf-token header is required) */
                        refreshToken?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Bearer access token (JWT) carrying roles and permissions */
                            accessToken: string;
                            /** @description Access token lifetime in seconds */
                            expiresIn: number;
                            /** @description Opaque single-use refresh token; every refresh returns a new one. Absent in cookie mode (the request carried x-csrf-token): the token is then in the HttpOnly refresh-token cookie */
                            refreshToken?: string;
                            /** @description A user (never the password hash) */
                            user: {
                                country: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                email: string | null;
                                firstName: string | null;
                                /** @description User id (`usr_…`) */
                                id: string;
                                lastName: string | null;
                                /**
                                 * @description UI and email language
                                 * @enum {string}
                                 */
                                locale: "en" | "fr";
                                roles: ("admin" | "manager" | "analyst" | "support" | "customer")[];
                                sites: string[] | null;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign up: create a customer account and mail a verification link
         * @description Answers 202 with the same body whether or not the address already has an account (no account enumeration). A new address gets an unverified account (`user.registered`) and a verification link by mail (`user.email_verification_requested`); it can sign in once verified. The owner of an existing address is told by mail that someone tried (`user.registration_attempted`). Passwords that are common, breached-list-like or built from the email or name answer 422 `IDENTITY.WEAK_PASSWORD`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: email
                         * @description Stored trimmed and lowercased; unique
                         */
                        email: string;
                        /** @description A name: letters, spaces, ' - . (at most 60); no links */
                        firstName?: string;
                        /** @description A name: letters, spaces, ' - . (at most 60); no links */
                        lastName?: string;
                        /**
                         * @description Language of the account (its mails and notifications): the site language it was made on; default `en`
                         * @enum {string}
                         */
                        locale?: "en" | "fr";
                        /** @description At least 8 characters, and not a common, breached or easily guessed password (else 422 `IDENTITY.WEAK_PASSWORD`) */
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Accepted; the same answer whether or not the address has an account */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description What to expect, for people */
                            detail: string;
                            /** @enum {string} */
                            status: "accepted";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Verify an email address with the mailed link’s token
         * @description Idempotent. A malformed, forged or expired token answers 400 `IDENTITY.INVALID_LINK`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The token of the mailed verification link */
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Verified; the account can sign in */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/carriers/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Carrier webhook: a parcel's tracking status, signed, applied once
         * @description Header `comptoir-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with `CARRIER_WEBHOOK_SECRET` (as payment webhooks; without the setting every call answers 401); timestamps more than 5 minutes away are refused (401 `ORDERS.BAD_SIGNATURE`). The shipment is found by tracking number (and carrier when given): 404 otherwise. A replayed event id answers `duplicate: true` and changes nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The carrier name the shipment was recorded with (case-insensitive); narrows the match when numbers repeat across carriers */
                        carrier?: string;
                        /** @description What the carrier or staff said, shown to the customer */
                        detail?: string | null;
                        /** @description The carrier's event id: a replay answers `duplicate: true` and changes nothing */
                        id: string;
                        /**
                         * Format: date-time
                         * @description When it happened (default now), ISO 8601
                         */
                        occurredAt?: string;
                        /** @description in_transit, out_for_delivery, delivered (final: the order is delivered once all its shipments are) or exception */
                        status: "in_transit" | "out_for_delivery" | "delivered" | "exception";
                        trackingNumber: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            duplicate: boolean;
                            /** @enum {boolean} */
                            received: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/carts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a cart: a guest cart (its token is in the answer, once) or, signed in, the customer’s cart (their active cart when they have one: 200)
         * @description No body. Prices in the answer come from the catalog now; totals are tax-inclusive.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            country: string | null;
                            currency: string;
                            customerId: string | null;
                            /** @description Guest carts: when they expire without activity */
                            expiresAt: string | null;
                            id: string;
                            itemCount: number;
                            lines: {
                                /** @description Quantity the shop can sell now */
                                available: number;
                                /** @description This line’s share of the promotion */
                                discount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                id: string;
                                /** @description quantity > available */
                                insufficientStock: boolean;
                                /** @description unitPrice × quantity, before discount */
                                lineTotal: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                /** @description False when the product is not on sale any more (checkout refuses it) */
                                purchasable: boolean;
                                quantity: number;
                                sku: string;
                                slug: string;
                                title: string;
                                unitPrice: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                            }[];
                            promotion: {
                                code: string;
                                reason?: string;
                                valid: boolean;
                            } | null;
                            /** @description Chosen method (price before any free-shipping promotion); null when none is chosen or it no longer applies */
                            shippingMethod: {
                                id: string;
                                name: string;
                                price: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                            } | null;
                            status: "active" | "merged" | "ordered";
                            /** @description Guest carts only, shown once: send it back in the X-Cart-Token header */
                            token?: string;
                            /** @description Prices are tax-inclusive: tax = round(total × rate / (100 + rate)); total = subtotal − discount + shipping */
                            totals: {
                                discount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                shipping: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                subtotal: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                tax: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                total: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                            };
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            country: string | null;
                            currency: string;
                            customerId: string | null;
                            /** @description Guest carts: when they expire without activity */
                            expiresAt: string | null;
                            id: string;
                            itemCount: number;
                            lines: {
                                /** @description Quantity the shop can sell now */
                                available: number;
                                /** @description This line’s share of the promotion */
                                discount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                id: string;
                                /** @description quantity > available */
                                insufficientStock: boolean;
                                /** @description unitPrice × quantity, before discount */
                                lineTotal: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                /** @description False when the product is not on sale any more (checkout refuses it) */
                                purchasable: boolean;
                                quantity: number;
                                sku: string;
                                slug: string;
                                title: string;
                                unitPrice: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                            }[];
                            promotion: {
                                code: string;
                                reason?: string;
                                valid: boolean;
                            } | null;
                            /** @description Chosen method (price before any free-shipping promotion); null when none is chosen or it no longer applies */
                            shippingMethod: {
                                id: string;
                                name: string;
                                price: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                            } | null;
                            status: "active" | "merged" | "ordered";
                            /** @description Guest carts only, shown once: send it back in the X-Cart-Token header */
                            token?: string;
                            /** @description Prices are tax-inclusive: tax = round(total × rate / (100 + rate)); total = subtotal − discount + shipping */
                            totals: {
                                discount: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                shipping: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                subtotal: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                tax: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                total: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                            };
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/carts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A cart, priced from the catalog now, with stock flags and totals
         * @description Guest carts need their token in `X-Cart-Token`; customer carts the owner’s bearer token. Without access: 404 CART.NOT_FOUND.
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The guest cart token returned once by POST /api/carts */
                    "x-cart-token"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Set the destination country and/or the shipping method (null clears)
         * @description Guest carts need their token in `X-Cart-Token`; customer carts the owner’s bearer token. Without access: 404 CART.NOT_FOUND. A method not offered for the country answers 409 CART.SHIPPING_UNAVAILABLE.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The guest cart token returned once by POST /api/carts */
                    "x-cart-token"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        country?: ("AD" | "AE" | "AF" | "AG" | "AI" | "AL" | "AM" | "AO" | "AQ" | "AR" | "AS" | "AT" | "AU" | "AW" | "AX" | "AZ" | "BA" | "BB" | "BD" | "BE" | "BF" | "BG" | "BH" | "BI" | "BJ" | "BL" | "BM" | "BN" | "BO" | "BQ" | "BR" | "BS" | "BT" | "BV" | "BW" | "BY" | "BZ" | "CA" | "CC" | "CD" | "CF" | "CG" | "CH" | "CI" | "CK" | "CL" | "CM" | "CN" | "CO" | "CR" | "CU" | "CV" | "CW" | "CX" | "CY" | "CZ" | "DE" | "DJ" | "DK" | "DM" | "DO" | "DZ" | "EC" | "EE" | "EG" | "EH" | "ER" | "ES" | "ET" | "FI" | "FJ" | "FK" | "FM" | "FO" | "FR" | "GA" | "GB" | "GD" | "GE" | "GF" | "GG" | "GH" | "GI" | "GL" | "GM" | "GN" | "GP" | "GQ" | "GR" | "GS" | "GT" | "GU" | "GW" | "GY" | "HK" | "HM" | "HN" | "HR" | "HT" | "HU" | "ID" | "IE" | "IL" | "IM" | "IN" | "IO" | "IQ" | "IR" | "IS" | "IT" | "JE" | "JM" | "JO" | "JP" | "KE" | "KG" | "KH" | "KI" | "KM" | "KN" | "KP" | "KR" | "KW" | "KY" | "KZ" | "LA" | "LB" | "LC" | "LI" | "LK" | "LR" | "LS" | "LT" | "LU" | "LV" | "LY" | "MA" | "MC" | "MD" | "ME" | "MF" | "MG" | "MH" | "MK" | "ML" | "MM" | "MN" | "MO" | "MP" | "MQ" | "MR" | "MS" | "MT" | "MU" | "MV" | "MW" | "MX" | "MY" | "MZ" | "NA" | "NC" | "NE" | "NF" | "NG" | "NI" | "NL" | "NO" | "NP" | "NR" | "NU" | "NZ" | "OM" | "PA" | "PE" | "PF" | "PG" | "PH" | "PK" | "PL" | "PM" | "PN" | "PR" | "PS" | "PT" | "PW" | "PY" | "QA" | "RE" | "RO" | "RS" | "RU" | "RW" | "SA" | "SB" | "SC" | "SD" | "SE" | "SG" | "SH" | "SI" | "SJ" | "SK" | "SL" | "SM" | "SN" | "SO" | "SR" | "SS" | "ST" | "SV" | "SX" | "SY" | "SZ" | "TC" | "TD" | "TF" | "TG" | "TH" | "TJ" | "TK" | "TL" | "TM" | "TN" | "TO" | "TR" | "TT" | "TV" | "TW" | "TZ" | "UA" | "UG" | "UM" | "US" | "UY" | "UZ" | "VA" | "VC" | "VE" | "VG" | "VI" | "VN" | "VU" | "WF" | "WS" | "YE" | "YT" | "ZA" | "ZM" | "ZW") | null;
                        shippingMethodId?: ("standard" | "express" | "free-standard") | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/carts/{id}/associate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * After sign-in: merge the guest cart into the customer’s cart (same SKUs add up, capped by availability) or make it theirs
         * @description Needs the bearer token and the guest cart’s `X-Cart-Token`. Answers the customer’s cart; the guest cart becomes `merged`.
         */
        post: {
            parameters: {
                query?: never;
                header: {
                    /** @description The guest cart token returned once by POST /api/carts */
                    "x-cart-token": string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/carts/{id}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a quantity of a SKU (added to its line when already in the cart)
         * @description Guest carts need their token in `X-Cart-Token`; customer carts the owner’s bearer token. Without access: 404 CART.NOT_FOUND. More than available answers 409 INVENTORY.INSUFFICIENT_STOCK with `available`; a line above the shop's units per SKU 422 CART.QUANTITY_LIMIT with `max`.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The guest cart token returned once by POST /api/carts */
                    "x-cart-token"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        quantity: number;
                        sku: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/carts/{id}/items/{itemId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a cart line
         * @description Guest carts need their token in `X-Cart-Token`; customer carts the owner’s bearer token. Without access: 404 CART.NOT_FOUND.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The guest cart token returned once by POST /api/carts */
                    "x-cart-token"?: string;
                };
                path: {
                    id: string;
                    itemId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change the quantity of a cart line
         * @description Guest carts need their token in `X-Cart-Token`; customer carts the owner’s bearer token. Without access: 404 CART.NOT_FOUND.
         */
        patch: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The guest cart token returned once by POST /api/carts */
                    "x-cart-token"?: string;
                };
                path: {
                    id: string;
                    itemId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        quantity: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/carts/{id}/promotions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Apply a promotion code to the cart (re-checked on every read and at checkout)
         * @description Guest carts need their token in `X-Cart-Token`; customer carts the owner’s bearer token. Without access: 404 CART.NOT_FOUND. A code that does not apply answers 409 PROMOTIONS.INVALID with `reason`.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The guest cart token returned once by POST /api/carts */
                    "x-cart-token"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Promotion code (case-insensitive) */
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Remove the cart’s promotion code
         * @description Guest carts need their token in `X-Cart-Token`; customer carts the owner’s bearer token. Without access: 404 CART.NOT_FOUND.
         */
        delete: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The guest cart token returned once by POST /api/carts */
                    "x-cart-token"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Cart"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/carts/{id}/recommendations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Complements of the whole cart: products bought with its lines, none already in it
         * @description Access as for the cart: guest carts need `X-Cart-Token`, customer carts the owner's bearer token; otherwise 404 CART.NOT_FOUND.
         */
        get: {
            parameters: {
                query: {
                    /** @description Products wanted, 1–50 (default 10) */
                    limit: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                image: string | null;
                                price: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                productId: string;
                                reason: {
                                    category: string | null;
                                    count: number | null;
                                    everyDays: number | null;
                                    /** @description `bought-together` (co-purchases; `count` baskets, `product` the cart product it goes with), `pinned` (merchandiser), `popular` (`count` recent sales, `category`), `personal`, `buy-again` (`count` purchases, `everyDays` cadence) */
                                    kind: "bought-together" | "pinned" | "popular" | "personal" | "buy-again";
                                    product: string | null;
                                    /** @description The reason in English, e.g. "Bought together 37 times" */
                                    text: string;
                                };
                                sku: string;
                                slug: string;
                                title: string;
                            }[];
                            /** @description True when, below the minimum support, the recent best sellers of the same category (or the shop) were used */
                            fallback: boolean;
                            source: "co-purchase" | "personal" | "buy-again" | "popular";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Category tree with the counts of the active products the current site sells (including descendants) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["CategoryNode"][];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/contact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a message to the shop (routed to a team by topic, acknowledged by mail)
         * @description Always answers 202 `{ received: true }` once the input is valid; messages that look automated (honeypot `website` filled, sent too soon after `startedAt`) are logged and dropped.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        locale?: "en" | "fr";
                        message: string;
                        name: string;
                        orderNumber?: string;
                        /** @description When the form was shown, ms since the epoch */
                        startedAt: number;
                        topic: "order" | "return" | "product" | "other";
                        /** @description Honeypot: leave empty */
                        website?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            received: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/help/articles/{id}/votes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * "Was this helpful?": one vote per visitor (or signed-in customer) and article; voting again changes it
         * @description Limited per IP like other anonymous writes (429). Drafts and unknown ids answer 404.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        helpful: boolean;
                        /** @description A random id the browser keeps (one vote per visitor); ignored when signed in */
                        visitorId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            helpful: boolean;
                            helpfulNo: number;
                            helpfulYes: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/help/articles/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One published help article (sanitized HTML) with related articles
         * @description Drafts and unknown slugs answer 404 `SUPPORT.HELP_ARTICLE_NOT_FOUND`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Language (default en) */
                    locale?: "en" | "fr";
                };
                header?: never;
                path: {
                    /** @description The slug (or the id) */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            category: {
                                id: string;
                                name: string;
                                slug: string;
                            };
                            helpfulNo: number;
                            helpfulYes: number;
                            /** @description Sanitized HTML */
                            html: string;
                            id: string;
                            locale: "en" | "fr";
                            /** @description This language lags behind the other one */
                            outdated: boolean;
                            /** @description Up to 5: same category first, then shared title terms */
                            related: {
                                id: string;
                                slug: string;
                                title: string;
                            }[];
                            slug: string;
                            title: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/help/categories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Help-centre categories holding published articles, each with its articles (by position) */
        get: {
            parameters: {
                query?: {
                    /** @description Language (default en) */
                    locale?: "en" | "fr";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                articles: {
                                    id: string;
                                    slug: string;
                                    title: string;
                                }[];
                                description: string;
                                id: string;
                                name: string;
                                slug: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/help/categories/{slug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One help-centre category with its published articles */
        get: {
            parameters: {
                query?: {
                    /** @description Language (default en) */
                    locale?: "en" | "fr";
                };
                header?: never;
                path: {
                    /** @description The slug (or the id) */
                    slug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            articles: {
                                id: string;
                                slug: string;
                                title: string;
                            }[];
                            description: string;
                            id: string;
                            name: string;
                            slug: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/help/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search published help articles (full-text in the language, typo-tolerant)
         * @description Terms are matched with the language's stemming (`english` / `french`); a misspelt term also matches its nearest words of the articles (trigram similarity); the last term is a prefix. A search that finds nothing is recorded for the back office.
         */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 10) */
                    limit: number;
                    /** @description Language (default en) */
                    locale?: "en" | "fr";
                    /** @description 1-based page number (default 1) */
                    page: number;
                    /** @description What to look for (absent or without a letter or digit: an empty page) */
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                categoryName: string;
                                categorySlug: string;
                                excerpt: string;
                                id: string;
                                slug: string;
                                title: string;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/help/suggest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Up to 5 help articles for text being typed (the ticket form suggests them as the subject is written) */
        get: {
            parameters: {
                query: {
                    /** @description Language (default en) */
                    locale?: "en" | "fr";
                    q: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                categoryName: string;
                                categorySlug: string;
                                excerpt: string;
                                id: string;
                                slug: string;
                                title: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/inventory/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Can these quantities be sold now? */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        items: {
                            quantity: number;
                            sku: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allAvailable: boolean;
                            items: {
                                available: number;
                                ok: boolean;
                                requested: number;
                                sku: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/newsletters/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm a subscription with the token of the confirmation mail (valid 7 days) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            locale: "en" | "fr";
                            site: string;
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/newsletters/subscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Subscribe to the newsletter (double opt-in: a confirmation mail is sent)
         * @description Always answers 202 once the input is valid, whether or not the address was already subscribed (nothing to learn about others). The consent record keeps the time, IP, site, language and `consentText` (the text shown). Signed in: the subscription is linked to the account.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The exact consent text shown next to the form (kept as proof) */
                        consentText?: string;
                        /** @description ISO 3166-1 alpha-2 */
                        country?: string;
                        email: string;
                        locale?: "en" | "fr";
                        /** @description Site code (default `default`) */
                        site?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "pending";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/newsletters/subscription": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A subscription through its signed link (as in every campaign mail) */
        get: {
            parameters: {
                query: {
                    c?: string;
                    token: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            locale: "en" | "fr";
                            site: string;
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Change the language of a subscription through its signed link */
        put: {
            parameters: {
                query: {
                    c?: string;
                    token: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        locale: "en" | "fr";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            locale: "en" | "fr";
                            site: string;
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/newsletters/t/click": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Click redirect of a tracked campaign mail (signed target only: no open redirect) */
        get: {
            parameters: {
                query: {
                    s?: string;
                    t: string;
                    u?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/newsletters/t/open": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Open pixel of a tracked campaign mail (a 1×1 GIF) */
        get: {
            parameters: {
                query: {
                    s?: string;
                    t: string;
                    u?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description GIF */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/gif": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/newsletters/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Unsubscribe in one click (RFC 8058 `List-Unsubscribe-Post`; also the unsubscribe page's button)
         * @description The token is the one in the mail's `List-Unsubscribe` URL. Body: `List-Unsubscribe=One-Click` (form) or none/JSON. Idempotent: 200 each time.
         */
        post: {
            parameters: {
                query?: {
                    c?: string;
                    token?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        "List-Unsubscribe"?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "unsubscribed";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/newsletters/webhooks/mail-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Bounces, complaints and mailed unsubscribes from the mail provider (signed like payment webhooks: header comptoir-signature)
         * @description Hard bounce or complaint: the address is suppressed (never mailed again, on every site). Soft bounce: counted; suppressed after 3 in a row. Bad signature: 401 NEWSLETTERS.BAD_SIGNATURE; no NEWSLETTER_WEBHOOK_SECRET: 404 NEWSLETTERS.WEBHOOK_DISABLED.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bounce?: "hard" | "soft";
                        campaignId?: string;
                        detail?: string;
                        email: string;
                        type: "bounce" | "complaint" | "unsubscribe";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            softBounces: number | null;
                            suppressed: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user’s notifications, newest first, with the unread count */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Notification"][];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                            /** @description Unread notifications of the user (all pages) */
                            unread: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark one of the signed-in user’s notifications read
         * @description Idempotent: an already read notification keeps its `readAt`. Another user’s notification answers 404 `NOTIFICATIONS.NOT_FOUND`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Notification"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark every notification of the signed-in user read */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            unread: number;
                            /** @description Notifications that were unread */
                            updated: number;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/notifications/unread-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many of the signed-in user’s notifications are unread */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            unread: number;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in customer's orders, newest first */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Order"][];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        /** Checkout: place an order from a cart (requires an Idempotency-Key header; replays return the same order) */
        post: {
            parameters: {
                query?: never;
                header: {
                    "idempotency-key": string;
                    "x-cart-token"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        billingAddress?: {
                            city: string;
                            /** @description ISO 3166-1 alpha-2 */
                            country: string;
                            /** @description A name: letters, spaces, ' - . (at most 60); no links */
                            firstName: string;
                            /** @description A name: letters, spaces, ' - . (at most 60); no links */
                            lastName: string;
                            line1: string;
                            line2?: string;
                            /** @description Any common writing; stored in E.164 (`+442079460018`) */
                            phone?: string;
                            /** @description In the country's format; empty where the country has none */
                            postalCode: string;
                            /** @description State, province or county (two-letter code in US and CA) */
                            region?: string;
                        };
                        cartId: string;
                        /**
                         * Format: email
                         * @description Required for guests
                         */
                        email?: string;
                        locale?: "en" | "fr";
                        payment: {
                            /** @description The `test` method only */
                            card?: {
                                cvc: string;
                                expMonth: number;
                                expYear: number;
                                number: string;
                            };
                            /** @description A payment method id from GET /api/payment-methods (required; an unknown or disabled one answers 422 PAYMENTS.METHOD_UNAVAILABLE before anything is written) */
                            method?: string;
                            /** @description Deprecated: the former name of `method` */
                            provider?: string;
                        };
                        /** @description Signed-in customers: save the shipping address in the address book (unless the same one is there); the customer's first address becomes their default */
                        saveAddress?: boolean;
                        shippingAddress: {
                            city: string;
                            /** @description ISO 3166-1 alpha-2 */
                            country: string;
                            /** @description A name: letters, spaces, ' - . (at most 60); no links */
                            firstName: string;
                            /** @description A name: letters, spaces, ' - . (at most 60); no links */
                            lastName: string;
                            line1: string;
                            line2?: string;
                            /** @description Any common writing; stored in E.164 (`+442079460018`) */
                            phone?: string;
                            /** @description In the country's format; empty where the country has none */
                            postalCode: string;
                            /** @description State, province or county (two-letter code in US and CA) */
                            region?: string;
                        };
                        shippingMethodId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                402: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One order: its owner, staff with orders:read, or a guest sending the order token in X-Order-Token */
        get: {
            parameters: {
                query?: never;
                header?: {
                    "x-order-token"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel my order before it is processed (stock, promotion use and payment are given back) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}/payment/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Card payment: settle the order with what Stripe says of its PaymentIntent (after Stripe.js confirmed it); idempotent */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            orderId: string;
                            /** @description The order status now: `confirmed` once paid, `payment_processing` while the customer has to act, `cancelled` after a decline */
                            orderStatus: string;
                            /** @description How the payment stands at the provider */
                            outcome: "authorized" | "requires_action" | "failed" | "canceled" | "ignored" | "duplicate";
                            paymentStatus: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/orders/{id}/returns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The returns (RMAs) of one order, oldest first: what was authorized, whether the parcel was received and the refund it made
         * @description Access as for the order: its owner, staff with orders:read, or a guest sending the order token in X-Order-Token; otherwise 404 ORDERS.NOT_FOUND.
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    "x-order-token"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description `rma_…` */
                                id: string;
                                lines: {
                                    quantity: number;
                                    sku: string;
                                    title: string;
                                }[];
                                orderId: string;
                                orderNumber: string;
                                reason: string;
                                receivedAt: string | null;
                                reference: string | null;
                                refund: {
                                    amount: {
                                        amount: number;
                                        currency: string;
                                    };
                                    id: string;
                                } | null;
                                status: "authorized" | "received";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payment-methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The payment methods offered at checkout (enabled by configuration), in the order to offer them */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description `test`, `card`, `bank_transfer`, `cash_on_delivery` or `pay_in_store`: the `payment.method` of a checkout */
                                id: string;
                                kind: "card" | "offline";
                                label: string;
                                /** @description The provider taking card payments; null for offline methods */
                                provider: string | null;
                                /** @description Card methods whose client talks to the processor (Stripe's publishable key) */
                                publishableKey?: string;
                                /** @description Card methods confirmed in the browser: the URL of the processor script to load (Stripe.js) */
                                scriptUrl?: string;
                                /** @description True on the `test` method in production (PAYMENTS_TEST_MODE): show a "test mode" banner */
                                testMode?: boolean;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/payments/webhooks/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Provider webhook: signed event (payment.captured | payment.failed | payment.refunded), applied once
         * @description Header `comptoir-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with the webhook secret (`PAYMENTS_WEBHOOK_SECRET`, else generated into the data dir); timestamps more than 5 minutes away are refused. A replayed event id answers `duplicate: true` and changes nothing; so does a payment.refunded whose `data.providerRefundRef` names a refund already recorded for the payment (e.g. the echo of a refund made through the API). Without a refund reference, a payment.refunded is applied as a new refund.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Provider name, e.g. `test` */
                    provider: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        data: {
                            /** @description Minor units; default: the whole authorized (captured) or remaining (refunded) amount */
                            amount?: number;
                            /** @description The payment's reference at the provider */
                            providerRef: string;
                            /** @description payment.refunded only: the refund's reference at the provider. Already recorded for this payment (e.g. a refund made through the API) → nothing changes (`duplicate: true`); new → recorded with the refund. Absent → applied as a new refund. */
                            providerRefundRef?: string;
                        };
                        /** @description The provider's event id */
                        id: string;
                        type: "payment.captured" | "payment.failed" | "payment.refunded";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description True when nothing was done again: this event id was already received, or (payment.refunded) the refund with this providerRefundRef is already recorded */
                            duplicate: boolean;
                            /** @enum {boolean} */
                            received: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Active products the current site sells (at its prices): filter by category (with descendants), price range (minor units), stock; sort; paginate */
        get: {
            parameters: {
                query: {
                    /** @description Category id or slug; includes its descendants */
                    category?: string;
                    inStock?: boolean;
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description Minor units (pence, cents), 0 to 2 147 483 647 */
                    maxPrice?: number;
                    /** @description Minor units (pence, cents), 0 to 2 147 483 647 */
                    minPrice?: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                    sort?: "newest" | "price" | "-price" | "title";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Product"][];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products/{idOrSlug}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One active product the current site sells, by id or slug, with variants, the site's prices and available quantities (another site's product: 404) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    idOrSlug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/products/{idOrSlug}/recommendations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Frequently bought together: products bought with this one (merchandiser pins first), in stock and published
         * @description Below the minimum support the answer is the recent best sellers of the product's category (`source` `popular`, `fallback` true).
         */
        get: {
            parameters: {
                query: {
                    /** @description Products wanted, 1–50 (default 10) */
                    limit: number;
                };
                header?: never;
                path: {
                    idOrSlug: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                image: string | null;
                                price: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                productId: string;
                                reason: {
                                    category: string | null;
                                    count: number | null;
                                    everyDays: number | null;
                                    /** @description `bought-together` (co-purchases; `count` baskets, `product` the cart product it goes with), `pinned` (merchandiser), `popular` (`count` recent sales, `category`), `personal`, `buy-again` (`count` purchases, `everyDays` cadence) */
                                    kind: "bought-together" | "pinned" | "popular" | "personal" | "buy-again";
                                    product: string | null;
                                    /** @description The reason in English, e.g. "Bought together 37 times" */
                                    text: string;
                                };
                                sku: string;
                                slug: string;
                                title: string;
                            }[];
                            /** @description True when, below the minimum support, the recent best sellers of the same category (or the shop) were used */
                            fallback: boolean;
                            source: "co-purchase" | "personal" | "buy-again" | "popular";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/promotions/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Would this code apply to the cart? {valid: true, discount, total} or {valid: false, reason}; changes nothing
         * @description Guest carts need their token in `X-Cart-Token`; customer carts the owner’s bearer token. Without access: 404 CART.NOT_FOUND.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The guest cart token returned once by POST /api/carts */
                    "x-cart-token"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        cartId: string;
                        /** @description Promotion code (case-insensitive) */
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The code as stored (upper case) */
                            code: string;
                            /** @description What the code takes off (merchandise discount plus waived shipping) */
                            discount: {
                                /** @description Minor units (pence, cents) */
                                amount: number;
                                /** @description ISO 4217 code, e.g. GBP */
                                currency: string;
                            };
                            /** @description The cart total with the code applied */
                            total: {
                                /** @description Minor units (pence, cents) */
                                amount: number;
                                /** @description ISO 4217 code, e.g. GBP */
                                currency: string;
                            };
                            /** @enum {boolean} */
                            valid: true;
                        } | {
                            /** @description NOT_FOUND, NOT_STARTED, EXPIRED, USAGE_LIMIT_REACHED, ACCOUNT_REQUIRED, ALREADY_USED, MINIMUM_NOT_MET or NOT_APPLICABLE */
                            reason: string;
                            /** @enum {boolean} */
                            valid: false;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search the active products the current site sells (full text, typo-tolerant) with category and price facets
         * @description Ranked by relevance when `q` is given (title above description, last word as a prefix, spelling corrections below exact matches). Without `q`: the products of `category` by title, or every active product newest first.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Category id or slug; includes every category below it (empty: no filter) */
                    category?: string;
                    /** @description Page size, 1–100 (default 20) */
                    limit?: number;
                    /** @description Highest price, minor units, inclusive (a facet bucket [min, max) is `minPrice=min&maxPrice=max-1`) */
                    maxPrice?: number;
                    /** @description Lowest price, minor units, inclusive */
                    minPrice?: number;
                    /** @description 1-based page number (default 1) */
                    page?: number;
                    /** @description Free text (≤ 200 characters). The last word matches as a prefix; typos are tolerated. Absent or blank: a listing. */
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                /** @description The product's (leaf) category */
                                category: {
                                    id: string;
                                    name: string;
                                    slug: string;
                                };
                                /** @description Product id */
                                id: string;
                                images: {
                                    alt?: string;
                                    altFr?: string;
                                    url: string;
                                }[];
                                /** @description True when any variant has stock available */
                                inStock: boolean;
                                price: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                /** @description Relevance, higher first (integer part: match tier 3 title, 2 title/description/category, 1 corrected in title, 0 corrected elsewhere); null without query text */
                                score: number | null;
                                slug: string;
                                title: string;
                            }[];
                            facets: {
                                /** @description Leaf categories of the matching set (price filter included), most products first; counts add up to total */
                                categories: {
                                    count: number;
                                    id: string;
                                    name: string;
                                    slug: string;
                                }[];
                                /** @description Fixed buckets in minor units, min ≤ price < max (max null: no bound), counted over the matching set without the price filter (so every range stays offered); without a price filter the counts add up to total, with one the chosen range's count equals total */
                                priceRanges: {
                                    count: number;
                                    max: number | null;
                                    min: number;
                                }[];
                            };
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                            /** @description Size of the whole matching set (every filter applied) */
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/shipping-methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Shipping methods for a destination country, with prices (minor units of the site's currency) and their subtotal condition */
        get: {
            parameters: {
                query: {
                    /** @description ISO 3166-1 alpha-2 country code, upper case (GB, FR, DE…) */
                    country: "AD" | "AE" | "AF" | "AG" | "AI" | "AL" | "AM" | "AO" | "AQ" | "AR" | "AS" | "AT" | "AU" | "AW" | "AX" | "AZ" | "BA" | "BB" | "BD" | "BE" | "BF" | "BG" | "BH" | "BI" | "BJ" | "BL" | "BM" | "BN" | "BO" | "BQ" | "BR" | "BS" | "BT" | "BV" | "BW" | "BY" | "BZ" | "CA" | "CC" | "CD" | "CF" | "CG" | "CH" | "CI" | "CK" | "CL" | "CM" | "CN" | "CO" | "CR" | "CU" | "CV" | "CW" | "CX" | "CY" | "CZ" | "DE" | "DJ" | "DK" | "DM" | "DO" | "DZ" | "EC" | "EE" | "EG" | "EH" | "ER" | "ES" | "ET" | "FI" | "FJ" | "FK" | "FM" | "FO" | "FR" | "GA" | "GB" | "GD" | "GE" | "GF" | "GG" | "GH" | "GI" | "GL" | "GM" | "GN" | "GP" | "GQ" | "GR" | "GS" | "GT" | "GU" | "GW" | "GY" | "HK" | "HM" | "HN" | "HR" | "HT" | "HU" | "ID" | "IE" | "IL" | "IM" | "IN" | "IO" | "IQ" | "IR" | "IS" | "IT" | "JE" | "JM" | "JO" | "JP" | "KE" | "KG" | "KH" | "KI" | "KM" | "KN" | "KP" | "KR" | "KW" | "KY" | "KZ" | "LA" | "LB" | "LC" | "LI" | "LK" | "LR" | "LS" | "LT" | "LU" | "LV" | "LY" | "MA" | "MC" | "MD" | "ME" | "MF" | "MG" | "MH" | "MK" | "ML" | "MM" | "MN" | "MO" | "MP" | "MQ" | "MR" | "MS" | "MT" | "MU" | "MV" | "MW" | "MX" | "MY" | "MZ" | "NA" | "NC" | "NE" | "NF" | "NG" | "NI" | "NL" | "NO" | "NP" | "NR" | "NU" | "NZ" | "OM" | "PA" | "PE" | "PF" | "PG" | "PH" | "PK" | "PL" | "PM" | "PN" | "PR" | "PS" | "PT" | "PW" | "PY" | "QA" | "RE" | "RO" | "RS" | "RU" | "RW" | "SA" | "SB" | "SC" | "SD" | "SE" | "SG" | "SH" | "SI" | "SJ" | "SK" | "SL" | "SM" | "SN" | "SO" | "SR" | "SS" | "ST" | "SV" | "SX" | "SY" | "SZ" | "TC" | "TD" | "TF" | "TG" | "TH" | "TJ" | "TK" | "TL" | "TM" | "TN" | "TO" | "TR" | "TT" | "TV" | "TW" | "TZ" | "UA" | "UG" | "UM" | "US" | "UY" | "UZ" | "VA" | "VC" | "VE" | "VG" | "VI" | "VN" | "VU" | "WF" | "WS" | "YE" | "YT" | "ZA" | "ZM" | "ZW";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                /** @description Applies only when the subtotal after discount reaches this amount */
                                minSubtotal: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                } | null;
                                name: string;
                                price: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/site": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The current site's storefront settings: name, currency, languages, theme, contact, legal pages
         * @description The site is chosen by the `X-Comptoir-Site` header (unknown: 404 SITES.SITE_NOT_FOUND), else by the `Host`, else the default site.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            code: string;
                            contactEmail: string;
                            currency: string;
                            defaultLanguage: "en" | "fr";
                            languages: ("en" | "fr")[];
                            legalPages: {
                                title: string;
                                /** @description An https URL or a path on the site (/legal/terms) */
                                url: string;
                            }[];
                            name: string;
                            theme: {
                                /**
                                 * @description CSS hex colour #rrggbb
                                 * @example #1f2937
                                 */
                                accentColor: string;
                                logoUrl: string | null;
                                /**
                                 * @description CSS hex colour #rrggbb
                                 * @example #1f2937
                                 */
                                primaryColor: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/support/inbound": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A customer's mailed reply, from the mail gateway (signed like payment webhooks: header comptoir-signature)
         * @description Matched to its ticket by the reply token in the reply address or the threading headers, never by subject. Bad signature: 401 `SUPPORT.BAD_SIGNATURE`; no `SUPPORT_INBOUND_SECRET` configured: 404 `SUPPORT.INBOUND_DISABLED`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        from: string;
                        /** @description The gateway's id of the mail (a replay is answered `duplicate: true`) */
                        id: string;
                        inReplyTo?: string;
                        messageId?: string;
                        references?: string[];
                        text: string;
                        to: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            duplicate: boolean;
                            ticketId: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/support/tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in customer's tickets, newest first */
        get: {
            parameters: {
                query: {
                    /** @description Page size, 1–100 (default 20) */
                    limit: number;
                    /** @description 1-based page number (default 1) */
                    page: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                assigneeId: string | null;
                                category: "order_problem" | "return_request" | "product_question" | "other";
                                /** Format: date-time */
                                createdAt: string;
                                customerId: string | null;
                                email: string;
                                id: string;
                                messageCount: number;
                                name: string | null;
                                orderId: string | null;
                                priority: "low" | "normal" | "high" | "urgent";
                                /** @description The site (code) the ticket was opened on */
                                site: string;
                                sla: {
                                    dueAt: string | null;
                                    minutesLeft: number | null;
                                    overdue: boolean;
                                    target: ("first_response" | "resolution") | null;
                                };
                                state: "new" | "open" | "pending" | "solved" | "closed";
                                subject: string;
                                tags: string[];
                                team: string | null;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            pagination: {
                                limit: number;
                                page: number;
                                total: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Open a ticket (multipart/form-data: subject, message, category, optional orderId, email for guests, files)
         * @description Signed in: the ticket is the account's. Guest: `email` is required and the answer's `guestToken` (also mailed as a link, valid 7 days) reads the ticket in `X-Ticket-Token`. Files: images, PDF or plain text, type read from the bytes (else 415 `STORAGE.UNSUPPORTED_TYPE`), each at most ATTACHMENT_LIMIT bytes (else 413 `STORAGE.TOO_LARGE`); nothing is stored when one is refused. An `orderId` that is not the customer's answers 404 `SUPPORT.ORDER_NOT_FOUND`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        category: "order_problem" | "return_request" | "product_question" | "other";
                        /**
                         * Format: email
                         * @description Required for guests; ignored when signed in
                         */
                        email?: string;
                        /** @description Images, PDF or plain text, each at most ATTACHMENT_LIMIT bytes */
                        files?: string[];
                        locale?: "en" | "fr";
                        message: string;
                        name?: string;
                        /** @description An order of yours (`ord_…`): anything else answers 404 SUPPORT.ORDER_NOT_FOUND */
                        orderId?: string;
                        subject: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            guestToken: string | null;
                            ticket: {
                                category: "order_problem" | "return_request" | "product_question" | "other";
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                messages: {
                                    attachments: {
                                        contentType: string;
                                        filename: string;
                                        id: string;
                                        scanState: "pending" | "clean" | "infected" | "not_scanned";
                                        /** @description Bytes */
                                        size: number;
                                    }[];
                                    authorName: string | null;
                                    authorType: "customer" | "agent" | "system";
                                    body: string;
                                    /** Format: date-time */
                                    createdAt: string;
                                    id: string;
                                    via: "web" | "mail";
                                    visibility: "public" | "internal";
                                }[];
                                orderId: string | null;
                                state: "new" | "open" | "pending" | "solved" | "closed";
                                subject: string;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/support/tickets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One ticket as its customer sees it (public messages only): its owner, or a guest with the link token in X-Ticket-Token */
        get: {
            parameters: {
                query?: never;
                header?: {
                    "x-ticket-token"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            category: "order_problem" | "return_request" | "product_question" | "other";
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            messages: {
                                attachments: {
                                    contentType: string;
                                    filename: string;
                                    id: string;
                                    scanState: "pending" | "clean" | "infected" | "not_scanned";
                                    /** @description Bytes */
                                    size: number;
                                }[];
                                authorName: string | null;
                                authorType: "customer" | "agent" | "system";
                                body: string;
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                via: "web" | "mail";
                                visibility: "public" | "internal";
                            }[];
                            orderId: string | null;
                            state: "new" | "open" | "pending" | "solved" | "closed";
                            subject: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/support/tickets/{id}/attachments/{attachmentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an attachment of my ticket (as attachment; `inline=true` shows raster images only)
         * @description The owner, or a guest with the link token (`X-Ticket-Token` or `?token=`). Quarantined (not yet scanned) and infected files answer 404.
         */
        get: {
            parameters: {
                query?: {
                    inline?: boolean;
                    token?: string;
                };
                header?: {
                    "x-ticket-token"?: string;
                };
                path: {
                    attachmentId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/support/tickets/{id}/replies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reply to my ticket (a pending or solved ticket opens again; a closed one answers 409) */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "x-ticket-token"?: string;
                };
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            category: "order_problem" | "return_request" | "product_question" | "other";
                            /** Format: date-time */
                            createdAt: string;
                            id: string;
                            messages: {
                                attachments: {
                                    contentType: string;
                                    filename: string;
                                    id: string;
                                    scanState: "pending" | "clean" | "infected" | "not_scanned";
                                    /** @description Bytes */
                                    size: number;
                                }[];
                                authorName: string | null;
                                authorType: "customer" | "agent" | "system";
                                body: string;
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                via: "web" | "mail";
                                visibility: "public" | "internal";
                            }[];
                            orderId: string | null;
                            state: "new" | "open" | "pending" | "solved" | "closed";
                            subject: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A user (never the password hash) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            country: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            email: string | null;
                            firstName: string | null;
                            /** @description User id (`usr_…`) */
                            id: string;
                            lastName: string | null;
                            /**
                             * @description UI and email language
                             * @enum {string}
                             */
                            locale: "en" | "fr";
                            roles: ("admin" | "manager" | "analyst" | "support" | "customer")[];
                            sites: string[] | null;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete my account (erasure): the person is erased, orders are kept anonymised
         * @description Needs the account password (401 `AUTH.INVALID_CREDENTIALS`; failures count in the login throttle, 429). The account, its addresses, notes and sessions are erased (every refresh token stops working; the e-mail can sign up again); orders keep lines, money and history but lose the e-mail, the customer link and the personal fields of their addresses (the country stays). Staff accounts answer 409 `IDENTITY.STAFF_ACCOUNT`. Cannot be undone.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The account password: erasing cannot be undone */
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Erased; the refresh-token cookie is cleared */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Update the signed-in user’s profile
         * @description Absent fields are kept; `null` clears a name.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        firstName?: string | null;
                        lastName?: string | null;
                        /**
                         * @description UI and email language
                         * @enum {string}
                         */
                        locale?: "en" | "fr";
                    };
                };
            };
            responses: {
                /** @description A user (never the password hash) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            country: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            email: string | null;
                            firstName: string | null;
                            /** @description User id (`usr_…`) */
                            id: string;
                            lastName: string | null;
                            /**
                             * @description UI and email language
                             * @enum {string}
                             */
                            locale: "en" | "fr";
                            roles: ("admin" | "manager" | "analyst" | "support" | "customer")[];
                            sites: string[] | null;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/users/me/addresses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in customer’s address book (defaults first, then newest) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                city: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                /** Format: date-time */
                                createdAt: string;
                                defaultBilling: boolean;
                                defaultShipping: boolean;
                                firstName: string;
                                /** @description Address id (`adr_…`) */
                                id: string;
                                label: string | null;
                                lastName: string;
                                line1: string;
                                line2?: string;
                                /** @description E.164 */
                                phone?: string;
                                postalCode: string;
                                region?: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Save an address in the signed-in customer’s address book
         * @description The first address becomes the default shipping and billing address unless a flag says `false`; a flag `true` takes the default from the address that had it. Addresses are checked for their country (postal-code format, required fields such as the US state, phone number) and normalised (postal code in the post's spacing and case, phone in E.164): a failure answers 422 `IDENTITY.INVALID_ADDRESS` with `errors[]` naming each field (`body/postalCode`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        city: string;
                        /** @description ISO 3166-1 alpha-2 */
                        country: string;
                        /** @description Make it the default billing address (the previous default stops being it) */
                        defaultBilling?: boolean;
                        /** @description Make it the default shipping address (the previous default stops being it) */
                        defaultShipping?: boolean;
                        /** @description A name: letters, spaces, ' - . (at most 60); no links */
                        firstName: string;
                        label?: string | null;
                        /** @description A name: letters, spaces, ' - . (at most 60); no links */
                        lastName: string;
                        line1: string;
                        line2?: string;
                        /** @description Any common writing; stored in E.164 (`+442079460018`) */
                        phone?: string;
                        /** @description In the country's format; empty where the country has none */
                        postalCode: string;
                        /** @description State, province or county (two-letter code in US and CA) */
                        region?: string;
                    };
                };
            };
            responses: {
                /** @description A saved postal address, normalised for its country */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            city: string;
                            /** @description ISO 3166-1 alpha-2 */
                            country: string;
                            /** Format: date-time */
                            createdAt: string;
                            defaultBilling: boolean;
                            defaultShipping: boolean;
                            firstName: string;
                            /** @description Address id (`adr_…`) */
                            id: string;
                            label: string | null;
                            lastName: string;
                            line1: string;
                            line2?: string;
                            /** @description E.164 */
                            phone?: string;
                            postalCode: string;
                            region?: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me/addresses/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One address of the signed-in customer (another customer’s answers 404) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Address id (`adr_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A saved postal address, normalised for its country */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            city: string;
                            /** @description ISO 3166-1 alpha-2 */
                            country: string;
                            /** Format: date-time */
                            createdAt: string;
                            defaultBilling: boolean;
                            defaultShipping: boolean;
                            firstName: string;
                            /** @description Address id (`adr_…`) */
                            id: string;
                            label: string | null;
                            lastName: string;
                            line1: string;
                            line2?: string;
                            /** @description E.164 */
                            phone?: string;
                            postalCode: string;
                            region?: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an address of the signed-in customer (another customer’s answers 404) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Address id (`adr_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change an address of the signed-in customer
         * @description Absent fields are kept and the merged address is checked again; `defaultShipping`/`defaultBilling` `true` take the default from the address that had it. Another customer’s address answers 404. Addresses are checked for their country (postal-code format, required fields such as the US state, phone number) and normalised (postal code in the post's spacing and case, phone in E.164): a failure answers 422 `IDENTITY.INVALID_ADDRESS` with `errors[]` naming each field (`body/postalCode`).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Address id (`adr_…`) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        city?: string;
                        /** @description ISO 3166-1 alpha-2 */
                        country?: string;
                        /** @description Make it the default billing address (the previous default stops being it) */
                        defaultBilling?: boolean;
                        /** @description Make it the default shipping address (the previous default stops being it) */
                        defaultShipping?: boolean;
                        /** @description A name: letters, spaces, ' - . (at most 60); no links */
                        firstName?: string;
                        label?: string | null;
                        /** @description A name: letters, spaces, ' - . (at most 60); no links */
                        lastName?: string;
                        line1?: string;
                        line2?: string;
                        /** @description Any common writing; stored in E.164 (`+442079460018`) */
                        phone?: string;
                        /** @description In the country's format; empty where the country has none */
                        postalCode?: string;
                        /** @description State, province or county (two-letter code in US and CA) */
                        region?: string;
                    };
                };
            };
            responses: {
                /** @description A saved postal address, normalised for its country */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            city: string;
                            /** @description ISO 3166-1 alpha-2 */
                            country: string;
                            /** Format: date-time */
                            createdAt: string;
                            defaultBilling: boolean;
                            defaultShipping: boolean;
                            firstName: string;
                            /** @description Address id (`adr_…`) */
                            id: string;
                            label: string | null;
                            lastName: string;
                            line1: string;
                            line2?: string;
                            /** @description E.164 */
                            phone?: string;
                            postalCode: string;
                            region?: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/users/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download my data: account, addresses, orders and preferences as JSON
         * @description The answer is an attachment (`comptoir-data-<date>.json`). Orders are every order of the account, as `GET /api/orders/{id}` shows them.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            account: {
                                country: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                email: string | null;
                                emailVerifiedAt: string | null;
                                firstName: string | null;
                                /** @description User id (`usr_…`) */
                                id: string;
                                lastName: string | null;
                                /**
                                 * @description UI and email language
                                 * @enum {string}
                                 */
                                locale: "en" | "fr";
                                roles: ("admin" | "manager" | "analyst" | "support" | "customer")[];
                                sites: string[] | null;
                                tags: string[];
                                /** Format: date-time */
                                updatedAt: string;
                            };
                            addresses: {
                                city: string;
                                /** @description ISO 3166-1 alpha-2 */
                                country: string;
                                /** Format: date-time */
                                createdAt: string;
                                defaultBilling: boolean;
                                defaultShipping: boolean;
                                firstName: string;
                                /** @description Address id (`adr_…`) */
                                id: string;
                                label: string | null;
                                lastName: string;
                                line1: string;
                                line2?: string;
                                /** @description E.164 */
                                phone?: string;
                                postalCode: string;
                                region?: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            /** Format: date-time */
                            exportedAt: string;
                            /** @description Every order of the account, newest first */
                            orders: components["schemas"]["Order"][];
                            preferences: {
                                /** @description Language of mails and notifications */
                                locale: "en" | "fr";
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the signed-in user’s password
         * @description Needs the current password (401 `AUTH.INVALID_CREDENTIALS`; failures count in the account’s login throttle, 429). Every other session ends (refresh tokens revoked, token version bumped); the answer is a new session for this device. Weak passwords answer 422 `IDENTITY.WEAK_PASSWORD`. Browsers send the `x-csrf-token` header (GET /api/auth/csrf): the refresh token is then set in an HttpOnly cookie and left out of the answer.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currentPassword: string;
                        /** @description At least 8 characters, and not a common, breached or easily guessed password (else 422 `IDENTITY.WEAK_PASSWORD`) */
                        newPassword: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Bearer access token (JWT) carrying roles and permissions */
                            accessToken: string;
                            /** @description Access token lifetime in seconds */
                            expiresIn: number;
                            /** @description Opaque single-use refresh token; every refresh returns a new one. Absent in cookie mode (the request carried x-csrf-token): the token is then in the HttpOnly refresh-token cookie */
                            refreshToken?: string;
                            /** @description A user (never the password hash) */
                            user: {
                                country: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                email: string | null;
                                firstName: string | null;
                                /** @description User id (`usr_…`) */
                                id: string;
                                lastName: string | null;
                                /**
                                 * @description UI and email language
                                 * @enum {string}
                                 */
                                locale: "en" | "fr";
                                roles: ("admin" | "manager" | "analyst" | "support" | "customer")[];
                                sites: string[] | null;
                                /** Format: date-time */
                                updatedAt: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/users/me/recommendations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recommended for you (products you never bought) or buy again (your repeat purchases, by your cadence)
         * @description With `cartId`, the products already in that cart are left out (the cart must be yours, or a guest cart with its `X-Cart-Token`; else 404 CART.NOT_FOUND).
         */
        get: {
            parameters: {
                query: {
                    /** @description The shopper's cart: its products are left out (access as for the cart: the owner, or a guest cart's `X-Cart-Token`; else 404 CART.NOT_FOUND) */
                    cartId?: string;
                    /** @description `for-you`: products you never bought; `buy-again`: your repeat purchases, by your own cadence */
                    kind: "for-you" | "buy-again";
                    /** @description Products wanted, 1–50 (default 10) */
                    limit: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                image: string | null;
                                price: {
                                    /** @description Minor units (pence, cents) */
                                    amount: number;
                                    /** @description ISO 4217 code, e.g. GBP */
                                    currency: string;
                                };
                                productId: string;
                                reason: {
                                    category: string | null;
                                    count: number | null;
                                    everyDays: number | null;
                                    /** @description `bought-together` (co-purchases; `count` baskets, `product` the cart product it goes with), `pinned` (merchandiser), `popular` (`count` recent sales, `category`), `personal`, `buy-again` (`count` purchases, `everyDays` cadence) */
                                    kind: "bought-together" | "pinned" | "popular" | "personal" | "buy-again";
                                    product: string | null;
                                    /** @description The reason in English, e.g. "Bought together 37 times" */
                                    text: string;
                                };
                                sku: string;
                                slug: string;
                                title: string;
                            }[];
                            /** @description True when, below the minimum support, the recent best sellers of the same category (or the shop) were used */
                            fallback: boolean;
                            source: "co-purchase" | "personal" | "buy-again" | "popular";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/asyncapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The events the modules publish and consume, as an AsyncAPI 3.0 document */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            asyncapi: "3.0.0";
                            channels: {
                                [key: string]: {
                                    [key: string]: unknown;
                                };
                            };
                            components: {
                                messages: {
                                    [key: string]: {
                                        [key: string]: unknown;
                                    };
                                };
                                schemas: {
                                    [key: string]: {
                                        [key: string]: unknown;
                                    };
                                };
                            };
                            defaultContentType: string;
                            info: {
                                description: string;
                                title: string;
                                version: string;
                            };
                            operations: {
                                [key: string]: {
                                    [key: string]: unknown;
                                };
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/files/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a stored file through a short-lived signed URL (local storage) */
        get: {
            parameters: {
                query: {
                    /** @description Unix seconds after which the URL is refused */
                    expires: number;
                    inline: "0" | "1";
                    name: string;
                    signature: string;
                    type: string;
                };
                header?: never;
                path: {
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics (text exposition format)
         * @description Needs `Authorization: Bearer <METRICS_TOKEN>` (401 `METRICS.UNAUTHORIZED` otherwise); 404 `METRICS.DISABLED` when no `METRICS_TOKEN` is configured.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: 200 only when the database answers and every migration is applied */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            database: string;
                            /** @enum {string} */
                            status: "ready";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/uploads/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A product image (public: the storefront shows it)
         * @description Served inline with its type from its extension, `X-Content-Type-Options: nosniff` and a day of caching; 404 `CATALOG.IMAGE_NOT_FOUND` otherwise.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AdminCategoryNode: {
            children: components["schemas"]["AdminCategoryNode"][];
            /** @description Products of any status directly in this category: it can be deleted only at 0, without subcategories */
            heldProducts: number;
            id: string;
            name: string;
            parentId: string | null;
            position: number;
            /** @description Active products in this category and its descendants */
            productCount: number;
            slug: string;
        };
        AdminProduct: {
            category: {
                id: string;
                name: string;
                slug: string;
            };
            /** Format: date-time */
            createdAt: string;
            description: string;
            id: string;
            images: {
                /** @description Alternative text in English (also the fallback) */
                alt?: string;
                /** @description Alternative text in French */
                altFr?: string;
                url: string;
            }[];
            inStock: boolean;
            price: {
                /** @description Minor units (pence, cents) */
                amount: number;
                /** @description ISO 4217 code, e.g. GBP */
                currency: string;
            };
            /** @description Codes of the sites the product is published on (always given) */
            sites?: string[];
            slug: string;
            status: "draft" | "active" | "archived";
            title: string;
            /** Format: date-time */
            updatedAt: string;
            variants: {
                available: number;
                costPrice: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                } | null;
                id: string;
                lowStockThreshold: number;
                onHand: number;
                options: {
                    [key: string]: string;
                };
                price: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                /** @description Prices on sites other than the default one (the default site sells at `price`) */
                sitePrices: {
                    price: {
                        /** @description Minor units (pence, cents) */
                        amount: number;
                        /** @description ISO 4217 code, e.g. GBP */
                        currency: string;
                    };
                    site: string;
                }[];
                sku: string;
                title: string;
            }[];
        };
        AnalyticsScenarioNode: {
            baseline: {
                attainment: number | null;
                /** @description Cost of goods of the lines with a known cost (minor units) */
                cost: number;
                /** @description Revenue of the lines with a known cost */
                costedRevenue: number;
                /** @description Minor units of the reporting currency */
                grossMargin: number;
                marginRate: number | null;
                /** @description Minor units of the reporting currency */
                revenue: number;
                target: number | null;
                units: number;
            };
            /** @description Gross-margin change by driver; a parent's steps are the sums of its children's */
            bridge: {
                /** @description Minor units of the reporting currency */
                closings: number;
                /** @description Minor units of the reporting currency */
                cost: number;
                /** @description Minor units of the reporting currency */
                openings: number;
                /** @description Minor units of the reporting currency */
                price: number;
                /** @description Minor units of the reporting currency */
                volume: number;
            };
            children: components["schemas"]["AnalyticsScenarioNode"][];
            closedFrom: string | null;
            /** @description Region or store id; `new_<n>` for an opened store */
            id: string;
            kind: string;
            name: string;
            opening: {
                comparableStoreId: string;
                from: string;
            } | null;
            /** @description Price–volume–mix decomposition of this node's gross-margin change (volume and mix from this node's own averages) */
            pvm: {
                /** @description C at scenario volume − C′ (a cost rise is negative) */
                cost: number;
                /** @description GM at scenario volume and baseline prices, less the baseline GM and the volume step: stores gained or lost against the average */
                mix: number;
                /** @description K′ − K at scenario volume (costed revenue) */
                price: number;
                /** @description Unit change at the baseline's average gross margin per unit: GM·U′/U − GM */
                volume: number;
            };
            scenario: {
                attainment: number | null;
                /** @description Cost of goods of the lines with a known cost (minor units) */
                cost: number;
                /** @description Revenue of the lines with a known cost */
                costedRevenue: number;
                /** @description Minor units of the reporting currency */
                grossMargin: number;
                marginRate: number | null;
                /** @description Minor units of the reporting currency */
                revenue: number;
                target: number | null;
                units: number;
            };
        };
        AnalyticsTree: {
            attainment: number | null;
            children: components["schemas"]["AnalyticsTree"][];
            /** @description Minor units of the reporting currency */
            grossMargin: number;
            id: string;
            kind: "company" | "region" | "store";
            name: string;
            /** @description Minor units of the reporting currency */
            revenue: number;
            target: number | null;
            transactions: number | null;
            units: number;
        };
        Cart: {
            country: string | null;
            currency: string;
            customerId: string | null;
            /** @description Guest carts: when they expire without activity */
            expiresAt: string | null;
            id: string;
            itemCount: number;
            lines: {
                /** @description Quantity the shop can sell now */
                available: number;
                /** @description This line’s share of the promotion */
                discount: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                id: string;
                /** @description quantity > available */
                insufficientStock: boolean;
                /** @description unitPrice × quantity, before discount */
                lineTotal: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                /** @description False when the product is not on sale any more (checkout refuses it) */
                purchasable: boolean;
                quantity: number;
                sku: string;
                slug: string;
                title: string;
                unitPrice: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
            }[];
            promotion: {
                code: string;
                reason?: string;
                valid: boolean;
            } | null;
            /** @description Chosen method (price before any free-shipping promotion); null when none is chosen or it no longer applies */
            shippingMethod: {
                id: string;
                name: string;
                price: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
            } | null;
            status: "active" | "merged" | "ordered";
            /** @description Prices are tax-inclusive: tax = round(total × rate / (100 + rate)); total = subtotal − discount + shipping */
            totals: {
                discount: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                shipping: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                subtotal: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                tax: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                total: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
            };
            /** Format: date-time */
            updatedAt: string;
        };
        CategoryNode: {
            children: components["schemas"]["CategoryNode"][];
            id: string;
            name: string;
            parentId: string | null;
            position: number;
            /** @description Active products in this category and its descendants */
            productCount: number;
            slug: string;
        };
        ImportJob: {
            /** Format: date-time */
            createdAt: string;
            error: {
                code: string;
                detail: string;
            } | null;
            filename: string;
            finishedAt: string | null;
            id: string;
            progress: {
                phase: string;
                rows: number;
                total?: number;
            };
            report: {
                counts: {
                    imported: number;
                    read: number;
                    rejected: number;
                };
                created: {
                    customers: number;
                    orders: number;
                    products: number;
                    returns: number;
                };
                dateFormat: "dmy" | "mdy" | "ymd";
                dateFormatDetected: boolean;
                durationMs: number;
                file: string;
                period: {
                    /** Format: date-time */
                    first: string;
                    /** Format: date-time */
                    last: string;
                } | null;
                rejected: {
                    line: number;
                    reason: string;
                }[];
                source: string;
            } | null;
            source: string;
            startedAt: string | null;
            status: "queued" | "running" | "succeeded" | "failed" | "refused";
        };
        MailMessage: {
            /**
             * Format: date-time
             * @description ISO 8601 UTC
             */
            createdAt: string;
            error: string | null;
            /** @description HTML body (every interpolated value escaped) */
            html: string;
            /** @description `mail_…` */
            id: string;
            locale: "en" | "fr";
            providerMessageId: string | null;
            sentAt: string | null;
            sourceEventId: string | null;
            /** @description `stored`: no SMTP configured, kept for the back office; `queued`: waiting for the SMTP sender; `sent`; `failed` */
            status: "stored" | "queued" | "sent" | "failed";
            subject: string;
            /** @description Mail template */
            template: "welcome" | "verify_email" | "registration_attempt" | "password_reset" | "order_confirmation" | "order_shipped" | "order_delivered" | "order_cancelled" | "order_refunded" | "scheduled_report" | "shipment_out_for_delivery" | "shipment_exception" | "support_ticket_opened" | "support_reply" | "support_contact_received" | "support_contact_reply" | "newsletter_confirm";
            /** @description Plain-text body */
            text: string;
            to: string;
        };
        MailSummary: {
            /**
             * Format: date-time
             * @description ISO 8601 UTC
             */
            createdAt: string;
            error: string | null;
            /** @description `mail_…` */
            id: string;
            locale: "en" | "fr";
            providerMessageId: string | null;
            sentAt: string | null;
            sourceEventId: string | null;
            /** @description `stored`: no SMTP configured, kept for the back office; `queued`: waiting for the SMTP sender; `sent`; `failed` */
            status: "stored" | "queued" | "sent" | "failed";
            subject: string;
            /** @description Mail template */
            template: "welcome" | "verify_email" | "registration_attempt" | "password_reset" | "order_confirmation" | "order_shipped" | "order_delivered" | "order_cancelled" | "order_refunded" | "scheduled_report" | "shipment_out_for_delivery" | "shipment_exception" | "support_ticket_opened" | "support_reply" | "support_contact_received" | "support_contact_reply" | "newsletter_confirm";
            to: string;
        };
        Notification: {
            body: string;
            /**
             * Format: date-time
             * @description ISO 8601 UTC
             */
            createdAt: string;
            /** @description `ntf_…` */
            id: string;
            kind: "order_placed" | "order_shipped" | "order_cancelled" | "order_refunded";
            link: string | null;
            read: boolean;
            readAt: string | null;
            title: string;
        };
        Order: {
            /** @description Guests only, in the checkout answer and its replays (same Idempotency-Key and body): send it as X-Order-Token to read the order */
            accessToken?: string;
            /** @description Null for imported orders; personal fields empty once the customer erased their account */
            billingAddress: {
                city: string;
                country: string;
                firstName: string;
                lastName: string;
                line1: string;
                line2?: string;
                phone?: string;
                /** @description Empty in countries without postal codes */
                postalCode: string;
                /** @description State, province or county */
                region?: string;
            } | null;
            cancelReason: string | null;
            currency: string;
            /** @description Back office (one order): the customer (a guest matched by e-mail), their orders (failed payment attempts left out) and lifetime value (not cancelled, minus refunds, in this currency) */
            customer?: {
                email: string | null;
                id: string | null;
                lifetimeValue: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                name: string | null;
                orderCount: number;
            };
            customerId: string | null;
            email: string | null;
            id: string;
            lines: {
                discount: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                lineTotal: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                quantity: number;
                sku: string;
                title: string;
                unitPrice: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
            }[];
            locale: string;
            nextStatuses: ("pending" | "payment_processing" | "awaiting_payment" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled")[];
            /** @description Back office (one order): staff's notes, newest first */
            notes?: {
                /** Format: date-time */
                at: string;
                /** @description User id of the staff member */
                author: string | null;
                /** @description Their name (or e-mail) when known */
                authorName: string | null;
                body: string;
                id: string;
            }[];
            number: string;
            /** @description How the order is paid; null for imported orders and orders placed before payment methods were recorded */
            payment: {
                /** @description Checkout answer, card (Stripe): confirm the PaymentIntent with Stripe.js `confirmCardPayment(clientSecret, …)`, then POST /api/orders/{id}/payment/confirm */
                clientSecret?: string;
                /** @description Bank transfer: where to send the money */
                instructions?: {
                    accountName: string;
                    /** @description Minor units of the order currency */
                    amount: number;
                    bic: string;
                    iban: string;
                    /** @description The order number, to quote on the transfer */
                    reference: string;
                };
                /** @description The checkout payment method: `test`, `card`, `bank_transfer`, `cash_on_delivery`, `pay_in_store` */
                method: string;
                /** @description Checkout answer, card (Stripe): the payment status (`pending` while the customer has to confirm) */
                status?: string;
            } | null;
            /** Format: date-time */
            placedAt: string;
            promotionCode: string | null;
            refundedTotal: {
                /** @description Minor units (pence, cents) */
                amount: number;
                /** @description ISO 4217 code, e.g. GBP */
                currency: string;
            };
            /** @description Refunds made from the order page, oldest first */
            refunds: {
                actor?: string | null;
                actorName?: string | null;
                amount: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                /** Format: date-time */
                at: string;
                id: string;
                lines: {
                    amount: {
                        /** @description Minor units (pence, cents) */
                        amount: number;
                        /** @description ISO 4217 code, e.g. GBP */
                        currency: string;
                    };
                    quantity: number;
                    sku: string;
                    title: string;
                }[];
                /** @description Back office (one order): staff's note */
                note?: string | null;
                reason: string;
                restocked: boolean;
                shipping: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
            }[];
            shipments: {
                carrier: string;
                deliveredAt: string | null;
                /** @description Expected delivery day: the shipping method's business days (`DELIVERY_DAYS`) after shipping; null when the method has none */
                estimatedDeliveryOn: string | null;
                /** @description The tracking timeline after shipping, oldest first */
                events: {
                    /** Format: date-time */
                    at: string;
                    detail: string | null;
                    /** @description `staff` or `carrier` */
                    source: string;
                    status: string;
                }[];
                id: string;
                lines: {
                    quantity: number;
                    sku: string;
                }[];
                /** Format: date-time */
                shippedAt: string;
                /** @description shipped, in_transit, out_for_delivery, delivered or exception */
                status: string;
                trackingNumber: string;
                /** @description The carrier's tracking page of the parcel; null for a carrier without a known page (show the number as text) */
                trackingUrl: string | null;
            }[];
            /** @description Null for imported orders; personal fields empty once the customer erased their account */
            shippingAddress: {
                city: string;
                country: string;
                firstName: string;
                lastName: string;
                line1: string;
                line2?: string;
                phone?: string;
                /** @description Empty in countries without postal codes */
                postalCode: string;
                /** @description State, province or county */
                region?: string;
            } | null;
            shippingMethod: {
                id: string;
                name: string;
            } | null;
            /** @description Code of the site (sales channel) the order was placed on */
            site: string;
            source: string;
            status: "pending" | "payment_processing" | "awaiting_payment" | "confirmed" | "processing" | "shipped" | "delivered" | "cancelled";
            statusHistory: {
                actor: string | null;
                /** @description Back office (one order): the name of the staff member who made the step */
                actorName?: string | null;
                /** Format: date-time */
                at: string;
                from: string | null;
                /** @description Back office (one order): the payment the step's `reason` names (`payment pay_… captured`), in words; null when it names none */
                payment?: {
                    amount: {
                        /** @description Minor units (pence, cents) */
                        amount: number;
                        /** @description ISO 4217 code, e.g. GBP */
                        currency: string;
                    };
                    card: {
                        brand: string;
                        last4: string;
                    } | null;
                    event: "authorized" | "captured" | "received";
                    /** @description `card`, or the offline method id (`bank_transfer`, `cash_on_delivery`, `pay_in_store`) */
                    method: string;
                } | null;
                reason: string | null;
                to: string;
            }[];
            /** @description Back office (one order): staff's tags */
            tags?: string[];
            totals: {
                discount: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                shipping: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                subtotal: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                tax: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                total: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
            };
            /** Format: date-time */
            updatedAt: string;
        };
        Problem: {
            /** @description Stable machine-readable code, e.g. `CATALOG.NOT_LEAF_CATEGORY` */
            code: string;
            detail: string;
            errors?: {
                field: string;
                message: string;
            }[];
            instance?: string;
            requestId?: string;
            status: number;
            title: string;
            /** @description URI naming the problem type: `urn:comptoir:problem:<code>` */
            type: string;
        } & {
            [key: string]: unknown;
        };
        Product: {
            category: {
                id: string;
                name: string;
                slug: string;
            };
            /** Format: date-time */
            createdAt: string;
            description: string;
            id: string;
            images: {
                /** @description Alternative text in English (also the fallback) */
                alt?: string;
                /** @description Alternative text in French */
                altFr?: string;
                url: string;
            }[];
            inStock: boolean;
            price: {
                /** @description Minor units (pence, cents) */
                amount: number;
                /** @description ISO 4217 code, e.g. GBP */
                currency: string;
            };
            slug: string;
            status: "draft" | "active" | "archived";
            title: string;
            /** Format: date-time */
            updatedAt: string;
            variants: {
                available: number;
                id: string;
                options: {
                    [key: string]: string;
                };
                price: {
                    /** @description Minor units (pence, cents) */
                    amount: number;
                    /** @description ISO 4217 code, e.g. GBP */
                    currency: string;
                };
                sku: string;
                title: string;
            }[];
        };
        Site: {
            code: string;
            /** @description Contact address, also the sender of the site's mail */
            contactEmail: string;
            /** Format: date-time */
            createdAt: string;
            /** @description ISO 4217 currency of the site's prices and carts */
            currency: string;
            defaultLanguage: "en" | "fr";
            /** @description Host names selecting the site (lower-case) */
            hosts: string[];
            /** @description The default site: requests naming no known host get it */
            isDefault: boolean;
            /** @description Languages offered, the default one among them */
            languages: ("en" | "fr")[];
            legalPages: {
                title: string;
                /** @description An https URL or a path on the site (/legal/terms) */
                url: string;
            }[];
            name: string;
            /** @description Shipping methods (ids of the cart module's configuration) offered on the site */
            shippingMethodIds: string[];
            tax: {
                /** @description ISO 3166-1 alpha-2 country whose rate applies before a destination is known (cart tax rules) */
                homeCountry: string;
                /** @description Prices include tax (the cart module prices tax-inclusive) */
                pricesIncludeTax: boolean;
            };
            theme: {
                /**
                 * @description CSS hex colour #rrggbb
                 * @example #1f2937
                 */
                accentColor: string;
                logoUrl: string | null;
                /**
                 * @description CSS hex colour #rrggbb
                 * @example #1f2937
                 */
                primaryColor: string;
            };
            /** Format: date-time */
            updatedAt: string;
        };
        SmsMessage: {
            body: string;
            /**
             * Format: date-time
             * @description ISO 8601 UTC
             */
            createdAt: string;
            error: string | null;
            /** @description `sms_…` */
            id: string;
            /** @description `log` for the built-in logging provider */
            provider: string;
            providerMessageId: string | null;
            sourceEventId: string | null;
            /** @description `queued`: recorded, handed to the provider once the change that asked for it has committed */
            status: "queued" | "sent" | "failed";
            to: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
