// Indicator 10 reads "a language other than Persian" and checks the pages' own text; indicator 15
// counts Q&A per service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guessLanguage } from '../../src/text/language.ts';
import { detectorById } from '../../src/probes/content/detectors/index.ts';

const secondLanguage = detectorById('secondLanguage');
const faq = detectorById('faq');
import { buildPage, buildSite } from '../../src/probes/content/site.ts';

const FA =
  'سازمان نمونه با هدف ارائه خدمات الکترونیکی به شهروندان و کسب‌وکارها تأسیس شده است. در این درگاه می‌توانید گواهی‌نامه بگیرید، پرونده خود را پیگیری کنید و با کارشناسان گفتگو کنید. ';
const AR =
  'تأسست المنظمة بهدف تقديم الخدمات الإلكترونية للمواطنين والشركات. يمكنكم في هذه البوابة الحصول على الشهادة ومتابعة الملف والتواصل مع الخبراء في أي وقت. ';
const EN =
  'The organisation was founded to offer electronic services to citizens and businesses. On this portal you can get a certificate, track your case and talk to our experts at any time. ';

test('language of a text from its letters: Persian, Arabic, English; too short says nothing', () => {
  assert.equal(guessLanguage(FA.repeat(3)).lang, 'fa');
  assert.equal(guessLanguage(AR.repeat(3)).lang, 'ar');
  assert.equal(guessLanguage(EN.repeat(3)).lang, 'en');
  assert.equal(guessLanguage('Bienvenue sur le portail de l’organisation. '.repeat(6)).lang, 'latin');
  assert.equal(guessLanguage('English').lang, null);
  // A Persian page with an English menu is still Persian.
  assert.equal(guessLanguage(FA.repeat(3) + 'Home About Contact English').lang, 'fa');
});

const page = (url: string, body: string, lang = 'fa', home = false) =>
  buildPage(
    url,
    `<html lang="${lang}"><head><title>t</title></head><body>${body}</body></html>`,
    home ? 0 : 1,
    home,
  );

const services = (n: number) => Array.from({ length: n }, (_, i) => `<li>service ${i + 1}</li>`).join('');

test('an Arabic version counts as a second language, checked by its text', () => {
  const home = page('https://a.test/', `<a href="/ar/">العربية</a><p>${FA}</p>`, 'fa', true);
  const ar = page(
    'https://a.test/ar/',
    `<h1>الخدمات</h1><ul><li>${AR}</li><li>خدمة ٢</li><li>خدمة ٣</li></ul><p>${AR}</p>`,
    'ar',
  );
  const r = secondLanguage.run(buildSite([home, ar], [], ['a.test']));
  assert.equal(r.facts['secondLanguage.level'], 'services');
  assert.equal(r.facts['secondLanguage.languages'], 'ar');
  assert.ok(r.evidence.some((e) => /Arabic/.test(e.label ?? '')));
});

test('a language link to a page whose text is Persian does not count', () => {
  const home = page('https://a.test/', `<a href="/en/">English</a><p>${FA}</p>`, 'fa', true);
  const fake = page(
    'https://a.test/en/',
    `<h1>Services</h1><ul>${services(4)}</ul><p>${FA.repeat(2)}</p>`,
    'en',
  );
  const r = secondLanguage.run(buildSite([home, fake], [], ['a.test']));
  assert.equal(r.facts['secondLanguage.level'], 'none');
  const en = page('https://a.test/en/', `<h1>About us</h1><p>${EN.repeat(2)}</p>`, 'en');
  const ok = secondLanguage.run(buildSite([home, en], [], ['a.test']));
  assert.equal(ok.facts['secondLanguage.level'], 'general');
  assert.equal(ok.facts['secondLanguage.languages'], 'en');
});

test("a foreign home page's own language is not a second language (seed 003: the portal in several languages)", () => {
  // An English home page alone, or with an "English" link to more English: one language only.
  const home = page('https://a.test/', `<a href="/en/">English</a><p>${EN.repeat(2)}</p>`, 'en', true);
  const alone = secondLanguage.run(buildSite([home], [], ['a.test']));
  assert.equal(alone.verdict, 'none');
  assert.ok(alone.evidence.some((e) => /home page itself is in English/.test(e.label ?? '')));
  const en = page('https://a.test/en/', `<h1>About us</h1><p>${EN.repeat(2)}</p>`, 'en');
  assert.equal(secondLanguage.run(buildSite([home, en], [], ['a.test'])).verdict, 'none');
  // The same English home with an Arabic version: two languages.
  const ar = page('https://a.test/ar/', `<h1>عن المنظمة</h1><p>${AR.repeat(2)}</p>`, 'ar');
  const two = secondLanguage.run(buildSite([home, ar], [], ['a.test']));
  assert.equal(two.verdict, 'general');
  assert.equal(two.facts['secondLanguage.languages'], 'ar');
  // An English home page that links its Persian version: Persian comes first, the English page is second.
  const fa = page('https://a.test/', `<a href="/?lan=fa">Fa</a><p>${EN.repeat(2)}</p>`, 'en', true);
  const persianFirst = secondLanguage.run(buildSite([fa], [], ['a.test']));
  assert.equal(persianFirst.verdict, 'general');
  assert.equal(persianFirst.facts['secondLanguage.languages'], 'en');
  assert.ok(persianFirst.evidence.some((e) => /Persian version/.test(e.label ?? '')));
});

test('FAQ counts are given per service (faq.serviceCount), not one agency-wide value', () => {
  const q = (t: string, n: number) =>
    Array.from(
      { length: n },
      (_, i) => `<details><summary>${t} ${i + 1}؟</summary>پاسخ کامل ${i}</details>`,
    ).join('');
  const home = page('https://a.test/', `<a href="/faq">پرسش‌های متداول</a><p>${FA}</p>`, 'fa', true);
  const faqPage = page(
    'https://a.test/faq',
    `<h1>پرسش‌های متداول</h1><h2>صدور گواهی</h2>${q('گواهی', 6)}<h2>پیگیری پرونده</h2>${q('پرونده', 2)}`,
  );
  const site = buildSite(
    [home, faqPage],
    [
      { id: '1000000001', title: 'صدور گواهی', url: 'https://a.test/s/1', type: 'G2C' },
      { id: '1000000002', title: 'پیگیری پرونده', url: 'https://a.test/s/2', type: 'G2C' },
    ],
    ['a.test'],
  );
  const r = faq.run(site);
  assert.deepEqual(r.serviceFacts, {
    '1000000001': { 'faq.serviceCount': 6 },
    '1000000002': { 'faq.serviceCount': 2 },
  });
  assert.equal(r.facts['faq.perServiceMin'], 2);
});
