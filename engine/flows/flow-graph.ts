import type { AnyStateMachine, StateNode } from 'xstate';
import type { LocalizedText } from '../../forms/index.js';
import type { StateMeta, TransitionMeta } from './flow-definition.js';

type Node = StateNode;

/** A state a user can be in (a leaf), labelled with its parents' labels for context. */
export interface FlowGraphNode {
  id: string;
  label: LocalizedText;
  /** The enclosing states' labels, outermost first (e.g. 一般建议速交办). */
  parents: LocalizedText[];
  final: boolean;
  initial: boolean;
}

export interface FlowGraphEdge {
  id: string;
  source: string;
  target: string;
  /** The event type, or xstate's internal name for automatic and completion transitions. */
  event: string;
  label: LocalizedText;
}

const AUTOMATIC: LocalizedText = { 'zh-CN': '自动', en: 'automatic' };
const COMPLETED: LocalizedText = { 'zh-CN': '完成后', en: 'when done' };

const pathOf = (n: Node) => n.path.join('.');
const labelOf = (n: Node): LocalizedText => (n.meta as StateMeta | undefined)?.label ?? { 'zh-CN': n.key, en: n.key };

function leavesEntered(node: Node): Node[] {
  if (node.type === 'compound') return node.initial.target.flatMap((t: Node) => leavesEntered(t));
  if (node.type === 'parallel') return Object.values(node.states).flatMap((c) => leavesEntered(c as Node));
  return [node];
}

function leaves(node: Node): Node[] {
  const children = Object.values(node.states) as Node[];
  return children.length ? children.flatMap(leaves) : [node];
}

/**
 * A flow as a graph of its leaf states, for diagrams: an event defined on a parent state
 * is drawn from each of its leaves; a transition into a compound state lands on its
 * initial leaf. Guards are not evaluated, so guarded alternatives are all drawn.
 */
export function flowGraph(machine: AnyStateMachine): { nodes: FlowGraphNode[]; edges: FlowGraphEdge[] } {
  const root = machine.root as Node;
  const initialLeaves = new Set(leavesEntered(root).map(pathOf));
  const nodes: FlowGraphNode[] = leaves(root).map((leaf) => {
    const parents: LocalizedText[] = [];
    for (let p = leaf.parent; p && p !== root; p = p.parent) parents.unshift(labelOf(p));
    return { id: pathOf(leaf), label: labelOf(leaf), parents, final: leaf.type === 'final', initial: initialLeaves.has(pathOf(leaf)) };
  });

  const edges = new Map<string, FlowGraphEdge>();
  const add = (source: Node, targets: Node[] | undefined, event: string, label: LocalizedText) => {
    for (const target of (targets ?? []).flatMap(leavesEntered)) {
      const id = `${pathOf(source)}→${pathOf(target)}:${event}`;
      if (!edges.has(id)) edges.set(id, { id, source: pathOf(source), target: pathOf(target), event, label });
    }
  };
  for (const leaf of leaves(root)) {
    for (let n: Node | undefined = leaf; n; n = n.parent) {
      for (const [event, list] of n.transitions) {
        for (const t of list) {
          const completion = event.startsWith('xstate.done.state.');
          // A completion transition leaves from the final leaves of the state that completed.
          if (completion && leaf.type !== 'final') continue;
          add(leaf, t.target as Node[] | undefined, event, completion ? COMPLETED : ((t.meta as TransitionMeta | undefined)?.label ?? { 'zh-CN': event, en: event }));
        }
      }
      for (const t of n.always ?? []) add(leaf, t.target as Node[] | undefined, 'always', AUTOMATIC);
    }
  }
  return { nodes, edges: [...edges.values()] };
}
