// A loopback world the size of a national evaluation period, for `npm run bench:national`.
//
// Every agency has its own host name (aNNN.national.test) and, for every other agency, a separate
// e-service host (e-aNNN.national.test), all on one HTTPS port with a wildcard certificate from a CA
// made for the run (nothing is committed or trusted beyond the run: payesh gets it with --extra-ca).
// Pages are built to weigh what a real portal weighs: a mega menu, a news list, a 120 KB script that
// really builds part of the page, a style sheet and incompressible images. A few hosts are slow,
// answer 503, reset the connection, or have no address at all, as a real period always has.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { crc32, deflateSync } from 'node:zlib';

export interface NationalWorldOptions {
  agencies: number;
  /** Service pages over all agencies (a national period has about 6,000). */
  services: number;
  dir: string;
}

export type HostFault = 'slow' | 'http-503' | 'reset' | 'no-address';

export interface NationalWorld {
  port: number;
  agenciesFile: string;
  caFile: string;
  /** --resolve HOST:PORT:127.0.0.1 for every host that has an address. */
  resolve: string[];
  pages: number;
  faults: Map<string, HostFault>;
  requests: number;
  close(): Promise<void>;
}

const DOMAIN = 'national.test';
export const portalHost = (i: number) => `a${String(i).padStart(3, '0')}.${DOMAIN}`;
const serviceHost = (i: number) => `e-a${String(i).padStart(3, '0')}.${DOMAIN}`;

/** Which agencies misbehave: about 4% slow, 2.5% each 503 / reset / no address. */
export function faultOf(i: number): HostFault | undefined {
  if (i % 25 === 3) return 'slow';
  if (i % 40 === 7) return 'http-503';
  if (i % 40 === 17) return 'reset';
  if (i % 40 === 27) return 'no-address';
  return undefined;
}

/** A CA and a wildcard leaf for *.national.test, made with openssl for this run only. */
function makeCertificates(dir: string): { caFile: string; key: string; cert: string } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  writeFileSync(
    join(dir, 'ca.cnf'),
    '[req]\ndistinguished_name=dn\nprompt=no\nx509_extensions=v3\n[dn]\nCN=payesh national bench CA\n' +
      '[v3]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' +
      `nameConstraints=critical,permitted;DNS:.${DOMAIN}\n`,
  );
  writeFileSync(
    join(dir, 'leaf.cnf'),
    '[req]\ndistinguished_name=dn\nprompt=no\n[dn]\nCN=*.national.test\n' +
      `[ext]\nsubjectAltName=DNS:*.${DOMAIN}\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n`,
  );
  run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key');
  run(
    'req',
    '-new',
    '-x509',
    '-sha256',
    '-days',
    '30',
    '-key',
    'ca.key',
    '-config',
    'ca.cnf',
    '-out',
    'ca.pem',
  );
  run('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'leaf.key');
  run('req', '-new', '-key', 'leaf.key', '-config', 'leaf.cnf', '-out', 'leaf.csr');
  run(
    'x509', '-req', '-sha256', '-days', '30', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key',
    '-CAcreateserial', '-extfile', 'leaf.cnf', '-extensions', 'ext', '-out', 'leaf.pem',
  ); // prettier-ignore
  return {
    caFile: join(dir, 'ca.pem'),
    key: readFileSync(join(dir, 'leaf.key'), 'utf8'),
    cert: readFileSync(join(dir, 'leaf.pem'), 'utf8') + readFileSync(join(dir, 'ca.pem'), 'utf8'),
  };
}

/** A deterministic pseudo-random generator, so every run serves the same bytes. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** An RGB PNG of noise: images do not compress, so this weighs about w*h*3 bytes like a photo would. */
function noisePng(w: number, h: number, seed: number): Buffer {
  const r = rng(seed);
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    raw[row] = 0;
    for (let x = 1; x <= w * 3; x++) raw[row + x] = (r() * 256) | 0;
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 1 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** About 120 KB of script that really runs: it builds the news ticker and the menu toggles. */
function appScript(): string {
  const helpers: string[] = [];
  for (let i = 0; i < 900; i++)
    helpers.push(
      `function h${i}(a,b){var s=0;for(var k=0;k<(a|0)%7;k++){s+=(b||1)*k+${i};}return s.toString(36)+"-${i}";}`,
    );
  return (
    helpers.join('\n') +
    `
document.addEventListener('DOMContentLoaded',function(){
  var t=document.getElementById('ticker');
  if(t){var items=['اطلاعیه ثبت‌نام','خدمات جدید درگاه','ساعات کاری'];
    items.forEach(function(x,i){var li=document.createElement('li');li.textContent=x+' '+h${'1'}(i,2);t.appendChild(li);});}
  document.querySelectorAll('[data-toggle]').forEach(function(b){
    b.addEventListener('click',function(){var m=document.getElementById(b.getAttribute('data-toggle'));if(m)m.hidden=!m.hidden;});});
});
`
  );
}

function styleSheet(): string {
  const rules: string[] = [
    'body{font-family:Tahoma,sans-serif;margin:0;direction:rtl}',
    'header,footer{background:#0b4f6c;color:#fff;padding:1rem}',
    'nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;margin:0;padding:0}',
    '.mega{position:absolute;background:#fff;color:#000;padding:1rem}',
    'img{max-width:100%;height:auto}',
    'main{max-width:1100px;margin:auto;padding:1rem}',
    '@media (max-width:600px){nav ul{flex-direction:column}}',
  ];
  for (let i = 0; i < 700; i++)
    rules.push(
      `.c${i}{margin:${i % 9}px;padding:${i % 5}px;color:#${(i * 2654435761).toString(16).slice(-6).padStart(6, '0')}}`,
    );
  return rules.join('\n');
}

interface Agency {
  i: number;
  host: string;
  eHost: string;
  name: string;
  services: { id: string; title: string; path: string }[];
}

const TITLES = ['صدور مجوز', 'استعلام پرونده', 'ثبت درخواست', 'پرداخت عوارض', 'تمدید پروانه', 'پیگیری شکایت'];

function page(a: Agency, title: string, body: string, all: Agency[], origin: (h: string) => string): string {
  const menuServices = a.services
    .slice(0, 24)
    .map((s) => `<li><a href="${origin(a.eHost)}${s.path}">${s.title}</a></li>`)
    .join('');
  const news = Array.from(
    { length: 12 },
    (_, n) => `<li><a href="/news/${n + 1}">خبر شماره ${n + 1} درباره خدمات ${a.name}</a></li>`,
  ).join('');
  const others = [all[(a.i + 1) % all.length], all[(a.i + 5) % all.length]]
    .filter(Boolean)
    .map((o) => `<li><a href="${origin(o.host)}/">${o.name}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} | ${a.name}</title><link rel="stylesheet" href="/static/style.css"><script src="/static/app.js" defer></script></head>
<body><a class="skip" href="#main">پرش به محتوا</a>
<header><img src="/img/logo.png" alt="نشان ${a.name}" width="80" height="80"><strong>${a.name}</strong>
<form action="/search" role="search"><label for="q">جستجو</label><input id="q" name="q" type="search"><button>جستجو</button></form>
<nav aria-label="منوی اصلی"><ul>
<li><a href="/">صفحه اصلی</a></li>
<li><button data-toggle="m1">میز خدمت</button><div class="mega" id="m1" hidden><ul><li><a href="/services/">میز خدمت الکترونیکی</a></li>${menuServices}</ul></div></li>
<li><a href="/about">درباره ما</a></li><li><a href="/faq">پرسش‌های متداول</a></li><li><a href="/contact">تماس با ما</a></li>
<li><a href="/en/" hreflang="en">English</a></li></ul></nav></header>
<main id="main"><h1>${title}</h1>${body}
<section><h2>آخرین اخبار</h2><ul id="ticker"></ul><ul>${news}</ul></section>
<img src="/img/banner-1.png" alt="تصویر خبری"><img src="/img/banner-2.png" alt="تصویر خدمات">
</main>
<footer><p>نشانی: تهران، خیابان آزادی، پلاک ${a.i}. تلفن: ۰۲۱-۸۸۰۰${String(a.i).padStart(4, '0')}</p>
<p><a href="/privacy">حریم خصوصی</a> · <a href="https://eitaa.com/a${a.i}">ایتا</a> · <a href="https://dead.${DOMAIN}/gone">پیوند قدیمی</a></p>
<ul>${others}</ul><p>آخرین به‌روزرسانی: ۱۴۰۳/۰۹/۱۵</p></footer></body></html>`;
}

function filler(seed: number, paragraphs: number): string {
  const r = rng(seed);
  const words = [
    'خدمت',
    'درخواست',
    'شهروندان',
    'الکترونیکی',
    'پرونده',
    'مدارک',
    'مهلت',
    'پیگیری',
    'سامانه',
    'استان',
  ];
  let out = '';
  for (let p = 0; p < paragraphs; p++) {
    const w: string[] = [];
    for (let k = 0; k < 80; k++) w.push(words[(r() * words.length) | 0]);
    out += `<p class="c${p % 700}">${w.join(' ')}.</p>`;
  }
  return out;
}

export async function startNationalWorld(o: NationalWorldOptions): Promise<NationalWorld> {
  mkdirSync(o.dir, { recursive: true });
  const certs = makeCertificates(o.dir);
  const agencies: Agency[] = [];
  const base = Math.floor(o.services / o.agencies);
  let extra = o.services - base * o.agencies;
  for (let i = 1; i <= o.agencies; i++) {
    const n = base + (extra-- > 0 ? 1 : 0);
    const host = portalHost(i);
    const a: Agency = {
      i,
      host,
      eHost: i % 2 ? serviceHost(i) : host,
      name: `سازمان شماره ${i}`,
      services: [],
    };
    for (let s = 1; s <= n; s++) {
      const id = String(1_100_000_000 + i * 1000 + s);
      a.services.push({ id, title: `${TITLES[s % TITLES.length]} ${s}`, path: `/services/${id}` });
    }
    agencies.push(a);
  }
  const byHost = new Map<string, Agency>();
  for (const a of agencies) byHost.set(a.host, a).set(a.eHost, a);

  const assets = new Map<string, { type: string; body: Buffer }>([
    ['/static/app.js', { type: 'text/javascript; charset=utf-8', body: Buffer.from(appScript()) }],
    ['/static/style.css', { type: 'text/css; charset=utf-8', body: Buffer.from(styleSheet()) }],
    ['/img/logo.png', { type: 'image/png', body: noisePng(80, 80, 7) }],
    ['/img/banner-1.png', { type: 'image/png', body: noisePng(160, 100, 11) }],
    ['/img/banner-2.png', { type: 'image/png', body: noisePng(160, 100, 13) }],
    ['/robots.txt', { type: 'text/plain', body: Buffer.from('User-agent: *\nAllow: /\n') }],
  ]);

  const faults = new Map<string, HostFault>();
  for (const a of agencies) {
    const f = faultOf(a.i);
    if (f) faults.set(a.host, f).set(a.eHost, f);
  }

  const origin = (h: string) => `https://${h}:${world.port}`;
  const render = (a: Agency, path: string): string | undefined => {
    if (path === '/') return page(a, `درگاه ${a.name}`, filler(a.i, 6), agencies, origin);
    if (path === '/services/')
      return page(
        a,
        'میز خدمت الکترونیکی',
        `<table><tr><th>شناسه خدمت</th><th>عنوان</th></tr>${a.services
          .map(
            (s) => `<tr><td>${s.id}</td><td><a href="${origin(a.eHost)}${s.path}">${s.title}</a></td></tr>`,
          )
          .join('')}</table>`,
        agencies,
        origin,
      );
    const svc = a.services.find((s) => s.path === path);
    if (svc)
      return page(
        a,
        svc.title,
        `<p>شناسه خدمت: ${svc.id}</p>${filler(Number(svc.id) % 100000, 3)}
<h2>مدارک لازم</h2><ul><li>کارت ملی</li><li>شناسنامه</li></ul><p>هزینه: رایگان. مدت انجام: ۳ روز کاری.</p>
<form action="${svc.path}/apply" method="post"><label for="nid">کد ملی</label><input id="nid" name="nid" inputmode="numeric">
<label for="mob">تلفن همراه</label><input id="mob" name="mob"><button>ثبت درخواست</button></form>`,
        agencies,
        origin,
      );
    if (path === '/faq')
      return page(
        a,
        'پرسش‌های متداول',
        Array.from(
          { length: 8 },
          (_, k) => `<details><summary>پرسش ${k + 1} درباره خدمات؟</summary><p>پاسخ ${k + 1}.</p></details>`,
        ).join(''),
        agencies,
        origin,
      );
    if (path === '/about' || path === '/contact' || path === '/privacy' || /^\/news\/\d+$/.test(path))
      return page(
        a,
        path === '/contact' ? 'تماس با ما' : 'صفحه اطلاعات',
        filler(path.length + a.i, 4),
        agencies,
        origin,
      );
    if (path === '/en/')
      return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Agency ${a.i}</title></head><body><h1>Agency ${a.i}: English portal</h1><p>Welcome to the English version of the portal. Services, contact details and news are available in English.</p><a href="/">فارسی</a></body></html>`;
    return undefined;
  };

  const world: NationalWorld = {
    port: 0,
    agenciesFile: join(o.dir, 'agencies.csv'),
    caFile: certs.caFile,
    resolve: [],
    pages: agencies.length + o.services,
    faults,
    requests: 0,
    close: async () => {},
  };

  const server: Server = createServer({ key: certs.key, cert: certs.cert }, async (req, res) => {
    world.requests++;
    const host = (req.headers.host ?? '').split(':')[0];
    const a = byHost.get(host);
    const fault = faults.get(host);
    if (!a) {
      res.writeHead(404).end();
      return;
    }
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault === 'slow') await sleep(1500);
    if (fault === 'http-503') {
      res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '3600' }).end('service unavailable');
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    const asset = assets.get(path);
    if (asset) {
      res.writeHead(200, {
        'content-type': asset.type,
        'content-length': asset.body.length,
        'cache-control': 'max-age=3600',
      });
      res.end(asset.body);
      return;
    }
    const html = render(a, path);
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>یافت نشد</h1>');
      return;
    }
    const body = Buffer.from(html);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  server.keepAliveTimeout = 2000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  world.port = (server.address() as { port: number }).port;

  const rows = ['agency_id,agency_name,portal_url,service_id,service_title,service_url,service_type'];
  for (const a of agencies) {
    for (const h of new Set([a.host, a.eHost]))
      if (faults.get(h) !== 'no-address') world.resolve.push(`${h}:${world.port}:127.0.0.1`);
    const portal = `https://${a.host}:${world.port}/`;
    for (const s of a.services)
      rows.push(
        `N${a.i},${a.name},${portal},${s.id},${s.title},https://${a.eHost}:${world.port}${s.path},G2C`,
      );
  }
  // The dead external links every footer carries (a retired page, a social network) get an address
  // where nothing listens, so checking them stays on loopback and fails as a dead link does.
  world.resolve.push(`dead.${DOMAIN}:443:127.0.0.1`, `eitaa.com:443:127.0.0.1`);
  writeFileSync(world.agenciesFile, rows.join('\n') + '\n');
  world.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return world;
}
