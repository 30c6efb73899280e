import type { Reason } from '../types.js';

export interface Mark {
  start: number;
  end: number;
  label: string;
  ruleId: string;
}
export interface Segment {
  text: string;
  /** Labels and rule ids covering this stretch; empty = plain text. */
  marks: { label: string; ruleId: string }[];
}

/** Rule and guard spans for one field of an item (rules without `field` refer to the text). */
export function marksFor(reasons: Reason[], field: 'title' | 'text'): Mark[] {
  const out: Mark[] = [];
  for (const r of reasons) {
    if (r.kind !== 'rule' && r.kind !== 'guard') continue;
    const f = r.kind === 'rule' ? (r.field ?? 'text') : 'text';
    if (f !== field) continue;
    for (const s of r.spans) out.push({ start: s.start, end: s.end, label: r.label, ruleId: r.ruleId });
  }
  return out;
}

/**
 * Cuts `text` at every span boundary so overlapping matches become adjacent segments, each
 * listing the marks covering it. Spans outside the text or empty are ignored (never throw on
 * offsets computed by an older classifier version).
 */
export function segments(text: string, marks: Mark[]): Segment[] {
  const valid = marks.filter((m) => Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0 && m.end <= text.length && m.start < m.end);
  if (valid.length === 0) return text ? [{ text, marks: [] }] : [];
  const cuts = new Set<number>([0, text.length]);
  for (const m of valid) (cuts.add(m.start), cuts.add(m.end));
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const covering = valid.filter((m) => m.start <= a && m.end >= b).map((m) => ({ label: m.label, ruleId: m.ruleId }));
    const prev = out[out.length - 1];
    if (prev && prev.marks.length === 0 && covering.length === 0) prev.text += text.slice(a, b);
    else out.push({ text: text.slice(a, b), marks: covering });
  }
  return out;
}

/** The matched words of a reason, for the reasons list. */
export function spanTexts(text: string, spans: { start: number; end: number }[], max = 5): string[] {
  return [...new Set(spans.filter((s) => s.start >= 0 && s.end <= text.length && s.start < s.end).map((s) => text.slice(s.start, s.end)))].slice(0, max);
}

/** Only http(s) links are ever rendered as links. */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
