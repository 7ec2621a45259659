/** The category tree (GET /api/categories) and helpers to list it flat. */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api';
import type { CategoryNode } from './types';

/** A category with its full path ("Home › Kitchen"), depth and whether it is a leaf. */
export interface FlatCategory {
  node: CategoryNode;
  path: string;
  depth: number;
  leaf: boolean;
}

/** The tree in depth-first order. */
export function flatten(nodes: CategoryNode[], prefix = '', depth = 0): FlatCategory[] {
  return nodes.flatMap((node) => {
    const path = prefix ? `${prefix} › ${node.name}` : node.name;
    return [{ node, path, depth, leaf: node.children.length === 0 }, ...flatten(node.children, path, depth + 1)];
  });
}

/** The category tree query (shared cache key: ['admin', 'categories']). */
export function useCategories() {
  return useQuery({ queryKey: ['admin', 'categories'], queryFn: () => api<{ data: CategoryNode[] }>('/api/categories'), staleTime: 60_000 });
}
