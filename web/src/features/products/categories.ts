/** The category tree listed flat, for pickers and the categories page. */
import type { CategoryNode } from './api';

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
