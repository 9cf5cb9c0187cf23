import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectWaf } from '../../src/net/waf.ts';

const page = (title: string, body: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body>${body}</body></html>`;

test('Cloudflare managed challenge ("Just a moment...") on 403 and on 200', () => {
  const html = page(
    'Just a moment...',
    '<div id="challenge-running">Checking if the site connection is secure</div><script>window._cf_chl_opt={}</script>',
  );
  const a = detectWaf({ status: 403, headers: { server: 'cloudflare' }, body: html });
  assert.deepEqual([a.blocked, a.vendor, a.kind], [true, 'cloudflare', 'challenge']);
  assert.match(a.evidence!, /Just a moment/);
  const b = detectWaf({ status: 200, headers: {}, body: Buffer.from(html) });
  assert.equal(b.vendor, 'cloudflare');
});

test('Cloudflare cf-mitigated header alone is enough', () => {
  const v = detectWaf({ status: 403, headers: { 'cf-mitigated': 'challenge' }, body: '' });
  assert.deepEqual(v, {
    blocked: true,
    vendor: 'cloudflare',
    kind: 'challenge',
    evidence: 'cf-mitigated: challenge',
  });
});

test('Cloudflare block page', () => {
  const v = detectWaf({
    status: 403,
    headers: { server: 'cloudflare' },
    body: page('Attention Required! | Cloudflare', '<h1>Sorry, you have been blocked</h1>'),
  });
  assert.deepEqual([v.vendor, v.kind], ['cloudflare', 'block']);
});

test('ArvanCloud challenge, Persian wording, with its server header', () => {
  const html = page(
    'ArvanCloud',
    '<p>در حال بررسی مرورگر شما؛ لطفا صبر کنید</p><script src="/__arcsjs/x.js"></script>',
  );
  const v = detectWaf({ status: 503, headers: { server: 'ArvanCloud' }, body: html });
  assert.deepEqual([v.blocked, v.vendor, v.kind], [true, 'arvancloud', 'challenge']);
});

test('ArvanCloud firewall refusal needs both the header and a refusing status', () => {
  const html = page('403', '<h1>Access denied</h1>');
  assert.equal(
    detectWaf({ status: 403, headers: { server: 'ArvanCloud' }, body: html }).vendor,
    'arvancloud',
  );
  assert.equal(detectWaf({ status: 403, headers: { server: 'nginx' }, body: html }).blocked, false);
});

test('Sucuri, Imperva, Akamai and F5 block pages', () => {
  assert.equal(
    detectWaf({
      status: 403,
      headers: {},
      body: page('Sucuri WebSite Firewall - Access Denied', 'Access Denied'),
    }).vendor,
    'sucuri',
  );
  assert.equal(
    detectWaf({
      status: 200,
      headers: {},
      body: '<html><body>Request unsuccessful. Incapsula incident ID: 123000450123-4567</body></html>',
    }).vendor,
    'imperva',
  );
  const ak = detectWaf({
    status: 403,
    headers: { server: 'AkamaiGHost' },
    body: page(
      'Access Denied',
      "<h1>Access Denied</h1>You don't have permission to access this server.<p>Reference&#32;&#35;18&#46;2d6e0117&#46;1722500000&#46;1a2b3c</p>",
    ),
  });
  assert.equal(ak.vendor, 'akamai');
  const f5 = detectWaf({
    status: 200,
    headers: {},
    body: page(
      'Request Rejected',
      'The requested URL was rejected. Please consult with your administrator.<br>Your support ID is: 1234567890',
    ),
  });
  assert.deepEqual([f5.vendor, f5.kind], ['f5', 'block']);
});

test('generic "checking your browser" and DDoS-protection interstitials', () => {
  const g = detectWaf({
    status: 200,
    headers: {},
    body: page(
      'Please wait',
      'Checking your browser before accessing portal.example.ir. DDoS protection by X',
    ),
  });
  assert.deepEqual([g.blocked, g.vendor], [true, 'generic']);
  const behindArvan = detectWaf({
    status: 200,
    headers: { 'ar-poweredby': 'Arvan Cloud (arvancloud.ir)' },
    body: page('', 'Please enable JavaScript and cookies to continue'),
  });
  assert.equal(behindArvan.vendor, 'arvancloud');
});

test('a bare captcha page counts only when the status refuses', () => {
  const html = page('Security check', '<form><img src="/captcha.png"><input name="captcha"></form>');
  assert.equal(detectWaf({ status: 429, headers: {}, body: html }).blocked, true);
  assert.equal(detectWaf({ status: 200, headers: {}, body: html }).blocked, false);
});

test('a real portal with a login captcha and a CDN logo is not a challenge', () => {
  const filler = '<p>' + 'خدمات الکترونیک سازمان، میز خدمت، پرسش‌های متداول. '.repeat(60) + '</p>';
  const html = page(
    'پورتال سازمان نمونه',
    `<nav>صفحه اصلی</nav>${filler}<form><img src="/captcha.ashx"><input name="captcha"></form><footer>CDN: ArvanCloud</footer>`,
  );
  assert.equal(detectWaf({ status: 200, headers: { server: 'ArvanCloud' }, body: html }).blocked, false);
  assert.equal(
    detectWaf({ status: 404, headers: { server: 'nginx' }, body: page('404 Not Found', 'not found') })
      .blocked,
    false,
  );
});
