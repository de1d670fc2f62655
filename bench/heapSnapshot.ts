// A V8 heap snapshot (.heapsnapshot, the format node's --heapsnapshot-signal writes), read into flat
// arrays, with its dominator tree and every node's retained size, for bench/heapRooms.ts.
// Retained size as the DevTools count it: what would be freed if the node went, i.e. the self
// sizes of the node and of every node it dominates (weak edges do not keep anything alive).
import { readFileSync } from 'node:fs';

interface Raw {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]]; edge_fields: string[]; edge_types: [string[], ...unknown[]] }; node_count: number };
  nodes: number[];
  edges: number[];
  strings: string[];
}

export class HeapSnapshot {
  readonly count: number;
  readonly type: Uint8Array;
  readonly name: Uint32Array;
  readonly selfSize: Float64Array;
  /** Outgoing edges of node i: firstEdge[i] .. firstEdge[i + 1] - 1. */
  readonly firstEdge: Uint32Array;
  readonly edgeType: Uint8Array;
  /** An index into strings (named edges) or an element index. */
  readonly edgeName: Uint32Array;
  readonly edgeTo: Uint32Array;
  readonly strings: string[];
  readonly nodeTypes: string[];
  readonly edgeTypes: string[];
  idom!: Int32Array;
  retained!: Float64Array;

  constructor(file: string) {
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Raw;
    const meta = raw.snapshot.meta;
    const nf = meta.node_fields.length;
    const ef = meta.edge_fields.length;
    const [nType, nName, nSize, nEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) => meta.node_fields.indexOf(f)) as [number, number, number, number];
    const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => meta.edge_fields.indexOf(f)) as [number, number, number];
    this.nodeTypes = meta.node_types[0];
    this.edgeTypes = meta.edge_types[0];
    this.strings = raw.strings;
    const n = (this.count = raw.nodes.length / nf);
    this.type = new Uint8Array(n);
    this.name = new Uint32Array(n);
    this.selfSize = new Float64Array(n);
    this.firstEdge = new Uint32Array(n + 1);
    const m = raw.edges.length / ef;
    this.edgeType = new Uint8Array(m);
    this.edgeName = new Uint32Array(m);
    this.edgeTo = new Uint32Array(m);
    let e = 0;
    for (let i = 0; i < n; i++) {
      const o = i * nf;
      this.type[i] = raw.nodes[o + nType]!;
      this.name[i] = raw.nodes[o + nName]!;
      this.selfSize[i] = raw.nodes[o + nSize]!;
      this.firstEdge[i] = e;
      e += raw.nodes[o + nEdges]!;
    }
    this.firstEdge[n] = e;
    for (let j = 0; j < m; j++) {
      const o = j * ef;
      this.edgeType[j] = raw.edges[o + eType]!;
      this.edgeName[j] = raw.edges[o + eName]!;
      this.edgeTo[j] = raw.edges[o + eTo]! / nf;
    }
  }

  nodeName(i: number): string {
    return this.strings[this.name[i]!]!;
  }
  nodeType(i: number): string {
    return this.nodeTypes[this.type[i]!]!;
  }
  edgeLabel(j: number): string {
    const t = this.edgeTypes[this.edgeType[j]!];
    return t === 'element' || t === 'hidden' ? `[${this.edgeName[j]}]` : this.strings[this.edgeName[j]!]!;
  }
  /** An edge that keeps its target alive. */
  strong(j: number): boolean {
    return this.edgeTypes[this.edgeType[j]!] !== 'weak';
  }

  /** Dominators (Cooper, Harvey and Kennedy's iterative algorithm) and retained sizes; node 0 is the root. */
  analyse(): void {
    const n = this.count;
    // Depth-first postorder from the root over strong edges.
    const post = new Int32Array(n).fill(-1);
    const order = new Int32Array(n);
    let k = 0;
    const stack = new Int32Array(n);
    const edgeAt = new Uint32Array(n);
    const seen = new Uint8Array(n);
    let sp = 0;
    stack[sp++] = 0;
    seen[0] = 1;
    edgeAt[0] = this.firstEdge[0]!;
    while (sp > 0) {
      const v = stack[sp - 1]!;
      let pushed = false;
      while (edgeAt[v]! < this.firstEdge[v + 1]!) {
        const j = edgeAt[v]!++;
        if (!this.strong(j)) continue;
        const w = this.edgeTo[j]!;
        if (seen[w]) continue;
        seen[w] = 1;
        edgeAt[w] = this.firstEdge[w]!;
        stack[sp++] = w;
        pushed = true;
        break;
      }
      if (!pushed) {
        sp--;
        post[v] = k;
        order[k++] = v;
      }
    }
    // Predecessors (strong edges, reachable nodes only), as CSR.
    const predCount = new Uint32Array(n + 1);
    for (let v = 0; v < n; v++) {
      if (!seen[v]) continue;
      for (let j = this.firstEdge[v]!; j < this.firstEdge[v + 1]!; j++) if (this.strong(j)) predCount[this.edgeTo[j]! + 1]!++;
    }
    for (let v = 0; v < n; v++) predCount[v + 1]! += predCount[v]!;
    const preds = new Uint32Array(predCount[n]!);
    const fill = predCount.slice(0, n);
    for (let v = 0; v < n; v++) {
      if (!seen[v]) continue;
      for (let j = this.firstEdge[v]!; j < this.firstEdge[v + 1]!; j++) if (this.strong(j)) preds[fill[this.edgeTo[j]!]!++] = v;
    }
    // idom in postorder numbers.
    const UNDEF = -1;
    const dom = new Int32Array(k).fill(UNDEF);
    const rootPost = post[0]!;
    dom[rootPost] = rootPost;
    const intersect = (a: number, b: number): number => {
      while (a !== b) {
        while (a < b) a = dom[a]!;
        while (b < a) b = dom[b]!;
      }
      return a;
    };
    for (let changed = true; changed; ) {
      changed = false;
      for (let p = k - 1; p >= 0; p--) {
        if (p === rootPost) continue;
        const v = order[p]!;
        let d = UNDEF;
        for (let q = predCount[v]!; q < predCount[v + 1]!; q++) {
          const u = post[preds[q]!]!;
          if (dom[u] === UNDEF) continue;
          d = d === UNDEF ? u : intersect(u, d);
        }
        if (d !== UNDEF && dom[p] !== d) {
          dom[p] = d;
          changed = true;
        }
      }
    }
    this.idom = new Int32Array(n).fill(-1);
    for (let p = 0; p < k; p++) this.idom[order[p]!] = order[dom[p]!]!;
    this.retained = new Float64Array(n);
    // Postorder: every node before its dominator.
    for (let p = 0; p < k; p++) {
      const v = order[p]!;
      this.retained[v]! += this.selfSize[v]!;
      if (v !== 0) this.retained[this.idom[v]!]! += this.retained[v]!;
    }
  }

  /** Is `v` dominated by `d` (or `d` itself)? */
  dominatedBy(v: number, d: number): boolean {
    for (let x = v; x > 0; x = this.idom[x]!) if (x === d) return true;
    return v === d;
  }
}
