/** DOM helpers shared by the wallboard's panels. */
import type { Level } from './model.js';

export function $(id: string): HTMLElement {
  const e = document.getElementById(id);
  if (!e) throw new Error(`wallboard: #${id} is missing from the page`);
  return e;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export function setText(e: Element, text: string): void {
  if (e.textContent !== text) e.textContent = text;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
export const formatTime = (iso: string | number) => timeFormat.format(new Date(iso));

export const LEVEL_TAG: Record<Level, string> = { OK: '', WARNING: 'WARN', CRITICAL: 'CRIT' };
export const LEVEL_WORD: Record<Level, string> = { OK: '', WARNING: 'warning', CRITICAL: 'critical' };

/** A figure cell: the value, a WARN/CRIT tag (state by text, not only colour) and data-level for styling. */
export function setFigure(td: HTMLElement, text: string, level: Level): void {
  if (td.dataset.level === level && td.dataset.text === text) return;
  td.dataset.level = level;
  td.dataset.text = text;
  td.replaceChildren(el('span', { class: 'value' }, text));
  if (level !== 'OK') {
    td.append(' ', el('span', { class: 'tag', 'aria-hidden': 'true' }, LEVEL_TAG[level]));
    td.append(el('span', { class: 'sr-only' }, ` (${LEVEL_WORD[level]})`));
  }
}
