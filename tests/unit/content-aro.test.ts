// Detector facts the ARO checklists read: the seed 001 services-page guide, an SLA per service, and
// the managers' parts (structure, names, direct contact, staff phones).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectorById } from '../../src/probes/content/detectors/index.ts';

const servicesPage = detectorById('servicesPage');
const sla = detectorById('sla');
const managers = detectorById('managers');
import { buildPage, buildSite } from '../../src/probes/content/site.ts';

const page = (url: string, body: string, home = false) =>
  buildPage(
    url,
    `<html lang="fa"><head><title>t</title></head><body>${body}</body></html>`,
    home ? 0 : 1,
    home,
  );
const svc = (n: number) => ({
  id: `100000000${n}`,
  title: `خدمت ${n}`,
  url: `https://a.test/s/${n}`,
  type: 'G2C' as const,
});
const GUIDE_PAGE = `<main><h1>خدمت</h1><p>نوع خدمت: G2C</p><p>شرح خدمت: ...</p><p>مدارک مورد نیاز: کارت ملی</p>
<p>متوسط مدت زمان ارائه خدمت: ۳ روز</p><p>ساعات ارائه خدمت: ۸ تا ۱۴</p><p>تعداد بار مراجعه حضوری: ۰</p>
<p>هزینه ارائه خدمت: رایگان</p><p>نحوه دسترسی به خدمت: اینترنتی</p><p>نحوه دسترسی به شکایت از خدمت: سامانه ۱۱۱</p>
<p><img alt="نمودار مراحل دریافت خدمت" src="/f.png"></p><a href="/card/1">جزئیات خدمت (شناسنامه خدمت)</a>
<p><strong>توافق‌نامه سطح خدمت</strong>: ...</p></main>`;

function site(servicePage1: string) {
  const home = page(
    'https://a.test/',
    `<nav><ul><li><a href="/">صفحه اصلی</a></li><li><a href="/services">معرفی خدمات</a></li></ul></nav>`,
    true,
  );
  const list = page(
    'https://a.test/services',
    `<main><table><tr><th>شناسه خدمت</th><th>عنوان خدمت</th></tr>
<tr><td>1000000001</td><td><a href="/s/1">خدمت 1</a></td></tr><tr><td>1000000002</td><td><a href="/s/2">خدمت 2</a>
<details><summary>+</summary><ul><li>زیرخدمت</li></ul></details></td></tr></table></main>`,
  );
  const p1 = page('https://a.test/s/1', servicePage1);
  const p2 = page('https://a.test/s/2', '<main><h1>خدمت 2</h1><p>شرح خدمت: ...</p></main>');
  return buildSite([home, list, p1, p2], [svc(1), svc(2)], ['a.test']);
}

test('services-page guide coverage (ARO 1397 3.1): list fields and the mean over service pages', () => {
  const r = servicesPage.run(site(GUIDE_PAGE));
  // list 2 of 2; service 1: 11 of 11, service 2: 1 of 11 -> (2 + 6) / 13
  assert.equal(r.facts['servicesPage.guideCoverage'], Math.round((8 / 13) * 1000) / 1000);
  const bare = servicesPage.run(site('<main><h1>خدمت 1</h1></main>'));
  assert.ok((bare.facts['servicesPage.guideCoverage'] as number) < 0.25);
});

test('SLA share: the listed services whose own page has an SLA', () => {
  const r = sla.run(site(GUIDE_PAGE));
  assert.equal(r.facts['sla.found'], true);
  assert.equal(r.facts['sla.serviceShare'], 0.5);
});

test('managers facts: structure, names, direct contact and staff phones apart from photos', () => {
  const home = page(
    'https://a.test/',
    '<a href="/chart">ساختار سازمانی</a><a href="/managers">مدیران</a><a href="/phones">دفترچه تلفن</a>',
    true,
  );
  const chart = page(
    'https://a.test/chart',
    '<h1>ساختار سازمانی</h1><img src="/chart.png" alt="چارت سازمانی">',
  );
  const mgrs = page(
    'https://a.test/managers',
    '<h1>مدیران</h1><p>علی احمدی، مدیرکل — تلفن: ۰۲۱-۶۶۵۵۴۴۳۳</p>',
  );
  const phones = page('https://a.test/phones', '<h1>دفترچه تلفن</h1>');
  const r = managers.run(buildSite([home, chart, mgrs, phones], [], ['a.test']));
  assert.equal(r.facts['managers.kind'], 'partial');
  assert.equal(r.facts['managers.structure'], true);
  assert.equal(r.facts['managers.names'], true);
  assert.equal(r.facts['managers.directContact'], true);
  assert.equal(r.facts['managers.staffPhones'], true);
});
