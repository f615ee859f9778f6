import type { AnyStateMachine, StateNode } from 'xstate';

type Node = StateNode;

/**
 * Static checks on a flow's shape, ignoring guards (they depend on payloads): which states
 * can never be entered, and which non-final states have no way to a final state of the flow.
 * Used by the pack conformance suite; published for the web app in engine/flows/index.ts.
 */
export interface FlowAnalysis {
  unreachable: string[];
  stuck: string[];
}

const pathOf = (node: Node) => node.path.join('.');
const children = (node: Node): Node[] => Object.values(node.states) as Node[];

function ancestors(node: Node): Node[] {
  const out: Node[] = [];
  for (let n: Node | undefined = node; n; n = n.parent) out.push(n);
  return out;
}

/** The leaves a transition into this node lands on (initial child, or all regions). */
function enteredLeaves(node: Node): Node[] {
  if (node.type === 'compound') return node.initial.target.flatMap((t: Node) => enteredLeaves(t));
  if (node.type === 'parallel') return children(node).flatMap(enteredLeaves);
  return [node];
}

/** Transitions (event, eventless and completion) a leaf can take, from itself or any ancestor. */
function successors(leaf: Node): Node[] {
  const out: Node[] = [];
  for (const n of ancestors(leaf)) {
    for (const list of n.transitions.values()) for (const t of list) out.push(...((t.target ?? []) as Node[]));
    for (const t of n.always ?? []) out.push(...((t.target ?? []) as Node[]));
  }
  return out.flatMap(enteredLeaves);
}

/** When a final leaf is reached its parent is done: that fires the parent's (or the enclosing parallel's) onDone. */
function completionSuccessors(finalLeaf: Node): Node[] {
  const onDoneTargets = (node: Node) =>
    (node.transitions.get(`xstate.done.state.${node.id}`) ?? []).flatMap((t) => ((t.target ?? []) as Node[]).flatMap(enteredLeaves));
  const parent = finalLeaf.parent;
  if (!parent) return [];
  // A region finishing also completes its parallel parent (assuming the other regions finish too).
  const enclosing = parent.parent?.type === 'parallel' ? [parent.parent] : [];
  return [parent, ...enclosing].flatMap(onDoneTargets);
}

function allNodes(node: Node): Node[] {
  return [node, ...children(node).flatMap(allNodes)];
}

export function analyseFlow(machine: AnyStateMachine): FlowAnalysis {
  const root = machine.root as Node;
  const isFlowEnd = (leaf: Node) => leaf.type === 'final' && leaf.parent === root;
  const next = (leaf: Node) => (leaf.type === 'final' ? completionSuccessors(leaf) : successors(leaf));

  // Forward: every leaf reachable from the start, and through them every node.
  const reached = new Set<Node>();
  const queue = enteredLeaves(root);
  while (queue.length) {
    const leaf = queue.pop()!;
    if (reached.has(leaf)) continue;
    reached.add(leaf);
    queue.push(...next(leaf));
  }
  const reachedNodes = new Set([...reached].flatMap(ancestors));
  const unreachable = allNodes(root)
    .filter((n) => n !== root && !reachedNodes.has(n))
    .map(pathOf);

  // Backward: a leaf is fine when some path from it ends the flow.
  const finishes = new Set<Node>([...reached].filter(isFlowEnd));
  let changed = true;
  while (changed) {
    changed = false;
    for (const leaf of reached) {
      if (finishes.has(leaf)) continue;
      if (next(leaf).some((n) => finishes.has(n))) {
        finishes.add(leaf);
        changed = true;
      }
    }
  }
  const stuck = [...reached].filter((leaf) => !finishes.has(leaf) && !(leaf.type === 'final' && leaf.parent === root)).map(pathOf);
  return { unreachable, stuck };
}
