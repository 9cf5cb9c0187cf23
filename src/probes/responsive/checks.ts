// The responsive checks (ITO indicator 8): the in-page measurements per width and the verdict.
// The official reading (ITO period 7, indicator 8: "the page adapts to phones, tablets and desktops";
// 141 of 162 agencies passed) is about use: at every width the page does not scroll sideways, its text
// is readable and its navigation can be reached. A viewport tag that limits zoom and tap targets that
// overlap hurt people too, but they are accessibility findings (WCAG 1.4.4, 2.5.8): reported in the
// evidence, not a responsiveness failure on their own.
import { inPageCall } from '../../browser/in-page.ts';

export interface Viewport {
  width: number;
  height: number;
  /** Phone and tablet widths are emulated as touch devices, where the viewport meta tag applies. */
  mobile: boolean;
}

export const VIEWPORTS: Viewport[] = [
  { width: 360, height: 640, mobile: true },
  { width: 768, height: 1024, mobile: true },
  { width: 1366, height: 768, mobile: false },
];

export interface ViewportMetaCheck {
  ok: boolean;
  content: string | null;
  problems: string[];
}

/** width=device-width required; user-scalable=no or maximum-scale below 2 block zooming (flagged). */
export function checkViewportMeta(content: string | null): ViewportMetaCheck {
  if (content === null) return { ok: false, content, problems: ['no <meta name="viewport"> tag'] };
  const props = new Map<string, string>();
  for (const part of content.split(/[,;]/)) {
    const [k, v = ''] = part.split('=').map((x) => x.trim().toLowerCase());
    if (k) props.set(k, v);
  }
  const problems: string[] = [];
  if (props.get('width') !== 'device-width')
    problems.push(`width is "${props.get('width') ?? 'missing'}", not device-width`);
  const scalable = props.get('user-scalable');
  if (scalable === 'no' || scalable === '0') problems.push('user-scalable=no blocks zooming');
  const max = props.has('maximum-scale') ? Number(props.get('maximum-scale')) : NaN;
  if (Number.isFinite(max) && max < 2)
    problems.push(`maximum-scale=${props.get('maximum-scale')} (below 2) limits zooming`);
  return { ok: problems.length === 0, content, problems };
}

export interface OverflowCheck {
  ok: boolean;
  scrollWidth: number;
  /** Layout viewport width (document.documentElement.clientWidth). */
  viewportWidth: number;
  /** Outermost elements sticking out of the viewport. */
  elements: { selector: string; left: number; right: number; width: number }[];
}

export interface TextSizeCheck {
  ok: boolean;
  /** Visible characters measured. */
  chars: number;
  /** Share of them rendered below minPx (after the page's own zoom). */
  smallShare: number;
  minPx: number;
  samples: { selector: string; px: number; text: string }[];
}

export interface TapTargetCheck {
  ok: boolean;
  targets: number;
  overlaps: { a: string; b: string; overlapPx: number }[];
}

/** Navigation at one width: links visible in nav-like containers, or a visible menu button. */
export interface NavMeasure {
  /** Nav-like containers on the page (nav, role=navigation, menus), visible or not. */
  containers: number;
  /** Visible links inside them. */
  visibleNavLinks: number;
  /** A visible menu toggle (hamburger, aria-expanded button, navbar toggler). */
  toggle: string | null;
  /** Visible links anywhere on the page. */
  visibleLinks: number;
}

export interface NavCheck extends NavMeasure {
  ok: boolean;
}

/**
 * Navigation is reachable when links of a menu are visible, or a menu button is (it opens the menu);
 * a page with no menu markup at all is judged by its visible links.
 */
export function checkNav(m: NavMeasure): NavCheck {
  const ok = m.visibleNavLinks >= 2 || m.toggle !== null || (m.containers === 0 && m.visibleLinks >= 3);
  return { ok, ...m };
}

export interface PageMeasure {
  viewportMeta: string | null;
  nav: NavMeasure;
  overflow: Omit<OverflowCheck, 'ok'>;
  text: { chars: number; smallChars: number; samples: TextSizeCheck['samples'] };
  tapTargets: TapTargetCheck['overlaps'];
  tapTargetCount: number;
  scale: number;
}

/** Measures the page at the current width. arg: { minPx, tapTargets } */
export const MEASURE_PAGE = (minPx: number, tapTargets: boolean) =>
  inPageCall(
    String.raw`
  const meta = document.querySelector('meta[name=viewport]');
  // The layout viewport: on a touch device without a viewport tag Chromium zooms out to fit the
  // content, so innerWidth (the visual viewport) grows with the page and hides the overflow.
  const vw = document.documentElement.clientWidth || window.innerWidth;
  const scale = (window.visualViewport && window.visualViewport.scale) || 1;
  const doc = document.documentElement;

  // Outermost elements wider than the viewport or pushed past either edge (RTL pages overflow left).
  const sticking = [];
  const walker = document.createTreeWalker(document.body || doc, NodeFilter.SHOW_ELEMENT);
  for (let el = walker.currentNode; el && sticking.length < 5; el = walker.nextNode()) {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    if (r.right > vw + 1 || r.left < -1) {
      if (!sticking.some((s) => s.el.contains(el))) sticking.push({ el, r });
    }
  }
  const overflow = {
    scrollWidth: doc.scrollWidth,
    viewportWidth: vw,
    elements: sticking.map((s) => ({ selector: cssPath(s.el), left: Math.round(s.r.left), right: Math.round(s.r.right), width: Math.round(s.r.width) })),
  };

  // Visible text: characters and those rendered below minPx.
  let chars = 0, smallChars = 0;
  const samples = [];
  const tw = document.createTreeWalker(document.body || doc, NodeFilter.SHOW_TEXT);
  let n = 0;
  for (let t = tw.nextNode(); t && n < 5000; t = tw.nextNode()) {
    const text = t.nodeValue.trim();
    if (!text) continue;
    const el = t.parentElement;
    if (!el || /^(SCRIPT|STYLE|NOSCRIPT|TEMPLATE)$/.test(el.tagName) || !isVisible(el)) continue;
    n++;
    const px = parseFloat(getComputedStyle(el).fontSize) * scale;
    chars += text.length;
    if (px < arg.minPx - 0.01) {
      smallChars += text.length;
      if (samples.length < 5) samples.push({ selector: cssPath(el), px: Math.round(px * 10) / 10, text: text.slice(0, 60) });
    }
  }

  // Tap targets whose boxes overlap (neither inside the other).
  const overlaps = [];
  let targetCount = 0;
  if (arg.tapTargets) {
    // Floating (fixed or sticky) controls overlap scrolling content by design and depend on the scroll
    // position: left out. Inline links that wrap are compared line box by line box, not by their
    // bounding box, which would span both lines.
    const floating = (el) => {
      for (let e = el; e && e !== document.body; e = e.parentElement) {
        const p = getComputedStyle(e).position;
        if (p === 'fixed' || p === 'sticky') return true;
      }
      return false;
    };
    const els = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [role=button], [onclick]')]
      .filter((el) => isVisible(el) && !floating(el)).slice(0, 600);
    targetCount = els.length;
    const boxes = els.map((el) => ({ el, rs: [...el.getClientRects()].filter((r) => r.width >= 1 && r.height >= 1).slice(0, 4) }));
    const overlapOf = (a, b) => {
      let best = 0;
      for (const x of a.rs) for (const y of b.rs) {
        const w = Math.min(x.right, y.right) - Math.max(x.left, y.left);
        const h = Math.min(x.bottom, y.bottom) - Math.max(x.top, y.top);
        if (w > 1 && h > 1) best = Math.max(best, w * h);
      }
      return best;
    };
    for (let i = 0; i < boxes.length && overlaps.length < 10; i++) {
      for (let j = i + 1; j < boxes.length && overlaps.length < 10; j++) {
        const a = boxes[i], b = boxes[j];
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        const area = overlapOf(a, b);
        if (area > 0) overlaps.push({ a: cssPath(a.el), b: cssPath(b.el), overlapPx: Math.round(area) });
      }
    }
  }
  // Navigation: links visible in menus, or a visible menu button that opens them.
  const navSel = 'nav, [role=navigation], header ul, .menu, .main-menu, .navbar, .nav, #menu, #nav, .megamenu, .mega-menu';
  const toggleSel = 'button[aria-expanded], [role=button][aria-expanded], a[aria-expanded], .navbar-toggle, .navbar-toggler, .menu-toggle, .menu-toggler, .menu-btn, .menu-button, .hamburger, .burger, .mobile-menu-toggle, .mobile-nav-toggle, [class*=hamburger], [class*=menu-toggle], [class*=nav-toggle], [class*=burger]';
  const containers = [...document.querySelectorAll(navSel)];
  const navLinks = new Set();
  for (const c of containers) for (const a of c.querySelectorAll('a[href]')) { if (navLinks.size >= 50) break; if (isVisible(a)) navLinks.add(a); }
  const toggleEl = [...document.querySelectorAll(toggleSel)].find((el) => isVisible(el));
  let visibleLinks = 0;
  for (const a of document.querySelectorAll('a[href]')) { if (visibleLinks >= 50) break; if (isVisible(a)) visibleLinks++; }
  const nav = { containers: containers.length, visibleNavLinks: navLinks.size, toggle: toggleEl ? cssPath(toggleEl) : null, visibleLinks };
  return { viewportMeta: meta ? meta.getAttribute('content') : null, nav, overflow, text: { chars, smallChars, samples }, tapTargets: overlaps, tapTargetCount: targetCount, scale };
`,
    { minPx, tapTargets },
  );

export interface WidthVerdictInput {
  width: number;
  overflow: { ok: boolean; scrollWidth: number };
  text: { ok: boolean };
  nav?: { ok: boolean };
  tapTargets?: { ok: boolean };
}

export interface ResponsiveVerdict {
  ok: boolean;
  /** Checks that fail responsiveness: "overflow@360", "text-size@768", "nav@360". */
  failures: string[];
  /** Shown in the evidence, not failing: "viewport-meta", "tap-targets@360". */
  findings: string[];
}

/** Responsive when no width scrolls sideways, hides its text in tiny type or loses its navigation. */
export function responsiveVerdict(meta: ViewportMetaCheck, widths: WidthVerdictInput[]): ResponsiveVerdict {
  const failures: string[] = [];
  const findings: string[] = meta.ok ? [] : ['viewport-meta'];
  for (const w of widths) {
    if (!w.overflow.ok) failures.push(`overflow@${w.width}`);
    if (!w.text.ok) failures.push(`text-size@${w.width}`);
    if (w.nav && !w.nav.ok) failures.push(`nav@${w.width}`);
    if (w.tapTargets && !w.tapTargets.ok) findings.push(`tap-targets@${w.width}`);
  }
  return { ok: failures.length === 0, failures, findings };
}
