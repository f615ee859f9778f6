import { useEffect, useMemo, useState } from 'react';
import { Background, Controls, MarkerType, ReactFlow, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import ELKModule from 'elkjs/lib/elk.bundled.js';
import type { ELK as ElkApi, ElkNode } from 'elkjs/lib/elk-api.js';
import { Spin } from 'antd';
import type { FlowDefinition } from '../api/types.js';
import { createFlowMachine, flowGraph } from '../../../engine/flows/index.js';
import { useLocale } from '../app/locale.js';

// elkjs is CommonJS: depending on the bundler the default import is the class or a namespace holding it.
const ElkClass = ((ELKModule as { default?: unknown }).default ?? ELKModule) as new () => ElkApi;
const elk = new ElkClass();
const WIDTH = 180;
const HEIGHT = 60;

export interface FlowDiagramProps {
  flow: FlowDefinition;
  /** Leaf states the item is in now (drawn in red). */
  current?: string[];
  /** Leaf states the item has passed through, in order (drawn in blue, with the edges between them). */
  visited?: string[];
  height?: number;
}

/**
 * The flow as a diagram (ELK layered layout, drawn with React Flow): the item's current
 * state in red, the path it took in blue.
 */
export function FlowDiagram({ flow, current = [], visited = [], height = 460 }: FlowDiagramProps) {
  const { pick } = useLocale();
  const graph = useMemo(() => flowGraph(createFlowMachine(flow)), [flow]);
  const [positions, setPositions] = useState<Map<string, { x: number; y: number }> | null>(null);

  useEffect(() => {
    let live = true;
    elk
      .layout({
        id: 'root',
        layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.spacing.nodeNode': '40', 'elk.layered.spacing.nodeNodeBetweenLayers': '60' },
        children: graph.nodes.map((n) => ({ id: n.id, width: WIDTH, height: HEIGHT })),
        edges: graph.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
      })
      .then((layout: ElkNode) => live && setPositions(new Map((layout.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]))));
    return () => {
      live = false;
    };
  }, [graph]);

  const steps = new Set(visited.slice(1).map((to, i) => `${visited[i]}→${to}`));
  const nodes: Node[] = graph.nodes.map((n) => {
    const isCurrent = current.includes(n.id);
    const wasVisited = visited.includes(n.id);
    return {
      id: n.id,
      position: positions?.get(n.id) ?? { x: 0, y: 0 },
      data: {
        label: (
          <div data-state={n.id} data-current={isCurrent || undefined} data-visited={wasVisited || undefined}>
            {n.parents.length > 0 && <div style={{ fontSize: 10, color: '#888' }}>{n.parents.map(pick).join(' · ')}</div>}
            <div style={{ fontWeight: isCurrent ? 700 : 500 }}>{pick(n.label)}</div>
          </div>
        ),
      },
      style: {
        width: WIDTH,
        height: HEIGHT,
        fontSize: 12,
        borderRadius: n.final ? 30 : 6,
        border: `2px solid ${isCurrent ? '#cf1322' : wasVisited ? '#1677ff' : '#bbb'}`,
        background: isCurrent ? '#fff1f0' : wasVisited ? '#e6f4ff' : '#fff',
      },
      draggable: false,
    };
  });
  const edges: Edge[] = graph.edges.map((e) => {
    const taken = steps.has(`${e.source}→${e.target}`);
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      label: pick(e.label),
      labelStyle: { fontSize: 10 },
      animated: taken,
      style: { stroke: taken ? '#1677ff' : '#aaa', strokeWidth: taken ? 2.5 : 1 },
      markerEnd: { type: MarkerType.ArrowClosed, color: taken ? '#1677ff' : '#aaa' },
    };
  });

  if (!positions) return <Spin style={{ width: '100%', marginTop: 40 }} />;
  return (
    <div style={{ height }} data-testid="flow-diagram">
      <ReactFlow nodes={nodes} edges={edges} fitView nodesConnectable={false} proOptions={{ hideAttribution: true }}>
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
