// Live-chat and support widgets (widgets.yaml): recognised by their script, their inline loader, the
// elements they inject once running, or an iframe that is a chat. Works on raw and rendered HTML alike.
import { readFileSync } from 'node:fs';
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { parse } from 'yaml';

export interface WidgetSpec {
  name: string;
  origin: 'ir' | 'international';
  src: RegExp[];
  code: RegExp[];
  markup: string[];
}

export interface WidgetHit {
  /** Vendor name, or null for a chat without a known vendor. */
  name: string | null;
  how: 'script' | 'inline-script' | 'markup' | 'iframe';
  el: Element;
  /** What matched: the script src, a line of the loader, or the selector. */
  text: string;
}

interface WidgetFile {
  widgets: { name: string; origin: string; src?: string[]; code?: string[]; markup?: string[] }[];
  generic: { markup: string[]; frame: string };
}

let loaded: { widgets: WidgetSpec[]; genericMarkup: string; frame: RegExp } | null = null;

function compile(list: string[] | undefined, where: string): RegExp[] {
  return (list ?? []).map((p) => {
    try {
      return new RegExp(p, 'i');
    } catch (e) {
      throw new Error(`widgets.yaml: ${where}: bad pattern ${JSON.stringify(p)}: ${(e as Error).message}`);
    }
  });
}

export function widgetSpecs(): { widgets: WidgetSpec[]; genericMarkup: string; frame: RegExp } {
  if (loaded) return loaded;
  const data = parse(readFileSync(new URL('./widgets.yaml', import.meta.url), 'utf8')) as WidgetFile;
  const widgets = data.widgets.map((w) => ({
    name: w.name,
    origin: w.origin === 'ir' ? ('ir' as const) : ('international' as const),
    src: compile(w.src, `${w.name}.src`),
    code: compile(w.code, `${w.name}.code`),
    markup: w.markup ?? [],
  }));
  loaded = {
    widgets,
    genericMarkup: data.generic.markup.join(', '),
    frame: new RegExp(data.generic.frame, 'i'),
  };
  return loaded;
}

/** Inline loaders sit near the top of their script; long bundles are read only this far. */
const INLINE_CHARS = 20_000;

function snippet(code: string, re: RegExp): string {
  const m = re.exec(code);
  if (!m) return code.slice(0, 120);
  const from = Math.max(0, m.index - 40);
  return code
    .slice(from, m.index + m[0].length + 60)
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first live-chat or support widget on the page, by the strongest sign first. */
export function findWidget($: CheerioAPI): WidgetHit | null {
  const { widgets, genericMarkup, frame } = widgetSpecs();
  for (const el of $('script').toArray()) {
    const src = $(el).attr('src') ?? '';
    if (src) {
      const w = widgets.find((s) => s.src.some((re) => re.test(src)));
      if (w) return { name: w.name, how: 'script', el, text: src };
      continue;
    }
    const code = $(el).text().slice(0, INLINE_CHARS);
    if (!code.trim()) continue;
    for (const w of widgets) {
      const re = w.code.find((r) => r.test(code));
      if (re) return { name: w.name, how: 'inline-script', el, text: snippet(code, re) };
    }
  }
  for (const w of widgets)
    for (const sel of w.markup) {
      const m = safeSelect($, sel);
      if (m) return { name: w.name, how: 'markup', el: m, text: sel };
    }
  for (const el of $('iframe').toArray()) {
    const src = $(el).attr('src') ?? '';
    const w = src ? widgets.find((s) => s.src.some((re) => re.test(src))) : undefined;
    if (w) return { name: w.name, how: 'iframe', el, text: src };
    const label = `${src} ${$(el).attr('title') ?? ''} ${$(el).attr('id') ?? ''} ${$(el).attr('name') ?? ''}`;
    if (frame.test(label)) return { name: null, how: 'iframe', el, text: label.trim() };
  }
  const g = safeSelect($, genericMarkup);
  if (g) return { name: null, how: 'markup', el: g, text: genericMarkup };
  return null;
}

function safeSelect($: CheerioAPI, sel: string): Element | null {
  try {
    const m = $(sel).first();
    return m.length ? (m[0] as Element) : null;
  } catch {
    return null;
  }
}
