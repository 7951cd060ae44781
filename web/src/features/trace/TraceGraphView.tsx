import cytoscape, { Core } from 'cytoscape';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { layeredPositions } from './trace-layout';

export interface GraphNode {
  id: string;
  label: string;
  origin: boolean;
  inTransit: boolean;
}
export interface GraphEdge {
  id: string;
  from: string;
  to: string;
  label: string;
  production: boolean;
}
export interface TraceGraphHandle {
  /** The whole graph as a PNG, white background. */
  png(): Blob;
}

const LARGE = 150;
/** 11 px labels are drawn from 7 px on (min-zoomed-font-size). */
const READABLE_ZOOM = 7 / 11;

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      shape: 'round-rectangle',
      width: 150,
      height: 48,
      'background-color': '#e8f0fe',
      'border-width': 1,
      'border-color': '#0b57d0',
      label: 'data(label)',
      'text-wrap': 'wrap',
      'text-max-width': '144px',
      'text-valign': 'center',
      'font-size': 11,
      color: '#1f1f1f',
      // Labels vanish when zoomed out far: 500 unreadable labels only cost drawing time.
      'min-zoomed-font-size': 7,
    },
  },
  { selector: 'node[?origin]', style: { 'background-color': '#fde293', 'border-color': '#b06000', 'border-width': 2 } },
  { selector: 'node[?inTransit]', style: { 'background-color': '#ffffff', 'border-style': 'dashed' } },
  { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#c5221f' } },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': '#5f6368',
      'target-arrow-color': '#5f6368',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-size': 10,
      'text-background-color': '#ffffff',
      'text-background-opacity': 1,
      'min-zoomed-font-size': 7,
    },
  },
  // Large graphs: plain rectangles with solid borders, and straight arrowless edges without labels (the columns show
  // the direction; the quantities are in the list and the node details); node labels only once zoomed in enough to
  // read them. Bezier edges, arrows, dashes and a thousand measured labels are most of the drawing time at 500 nodes.
  { selector: 'node.large', style: { shape: 'rectangle', label: '' } },
  { selector: 'node.large[?inTransit]', style: { 'border-style': 'solid', 'border-color': '#b06000' } },
  { selector: 'node.large.readable', style: { label: 'data(label)' } },
  { selector: 'edge.large', style: { 'curve-style': 'haystack', 'haystack-radius': 0, label: '' } },
  { selector: 'edge[?production]', style: { 'line-style': 'dashed', 'line-color': '#188038', 'target-arrow-color': '#188038' } },
];

/**
 * The trace as a Cytoscape graph, laid out in columns from upstream to
 * downstream. Once laid out and drawn, the container carries
 * data-render-ms (the time from the elements to the first frame) so the
 * browser tests measure the drawing budget.
 */
export const TraceGraphView = forwardRef<TraceGraphHandle, { nodes: GraphNode[]; edges: GraphEdge[]; label: string; onSelect(id: string): void }>(
  function TraceGraphView({ nodes, edges, label, onSelect }, ref) {
    const container = useRef<HTMLDivElement>(null);
    const cy = useRef<Core | null>(null);
    const select = useRef(onSelect);
    select.current = onSelect;

    useImperativeHandle(ref, () => ({ png: () => cy.current!.png({ output: 'blob', full: true, bg: '#ffffff', scale: 2 }) }), []);

    useEffect(() => {
      const element = container.current!;
      const started = performance.now();
      element.removeAttribute('data-render-ms');
      const large = nodes.length > LARGE;
      const positions = layeredPositions(
        nodes.map((n) => n.id),
        edges,
      );
      const instance = cytoscape({
        container: element,
        style: STYLE,
        elements: [
          ...nodes.map((n) => ({ group: 'nodes' as const, data: { ...n }, position: positions.get(n.id), classes: large ? 'large' : undefined })),
          ...edges.map((e) => ({
            group: 'edges' as const,
            data: { id: e.id, source: e.from, target: e.to, label: e.label, production: e.production },
            classes: large ? 'large' : undefined,
          })),
        ],
        layout: { name: 'preset', fit: true, padding: 24 },
        minZoom: 0.05,
        maxZoom: 3,
        boxSelectionEnabled: false,
        // Large graphs pan and zoom from a cached bitmap instead of redrawing every label.
        textureOnViewport: large,
        hideEdgesOnViewport: large,
      });
      if (large) {
        instance.on('zoom', () => {
          const readable = instance.zoom() >= READABLE_ZOOM;
          if (readable !== instance.nodes().first().hasClass('readable')) instance.batch(() => instance.nodes().toggleClass('readable', readable));
        });
      }
      instance.on('tap', 'node', (event) => select.current(event.target.id()));
      instance.one('render', () => {
        requestAnimationFrame(() => element.setAttribute('data-render-ms', String(Math.round(performance.now() - started))));
      });
      cy.current = instance;
      return () => {
        instance.destroy();
        cy.current = null;
      };
    }, [nodes, edges]);

    return (
      <div
        ref={container}
        data-testid="trace-graph"
        role="img"
        aria-label={label}
        style={{ width: '100%', height: 520, border: '1px solid #d9d9d9', borderRadius: 6, background: '#fff' }}
      />
    );
  },
);
