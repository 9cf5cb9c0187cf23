// Sections a visitor reads by their title, in the shapes real portals write them (fixtures/real-pages):
// box titles in a panel header, tab labels over panels, block headings over lists of links. Both sides
// of every rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectorById } from '../../src/probes/content/detectors/index.ts';
import { buildPage, buildSite } from '../../src/probes/content/site.ts';

const site = (body: string) =>
  buildSite(
    [buildPage('https://www.example.ir/', `<html lang="fa"><body>${body}</body></html>`, 0, true)],
    [],
    ['www.example.ir'],
  );
const verdict = (id: string, body: string) => detectorById(id).run(site(body)).verdict;

test('a panel header bar titles its box as a heading does', () => {
  const box = (title: string) =>
    `<div class="panel"><div class="panel-heading">${title}</div><div class="panel-body"><a href="/n/1">برگزاری دوره آموزشی کارکنان در اردیبهشت</a></div></div>`;
  assert.equal(verdict('announcements', box('اطلاعیه ها')), 'found');
  assert.equal(
    verdict('announcements', '<div class="card"><div class="card-header">اخبار</div></div>'),
    'found',
  );
  // A sentence in the header bar is not a section title.
  assert.equal(
    verdict('announcements', box('نشست اعضای هیات مدیره درباره اخبار نادرست منتشر شده در فضای مجازی')),
    'none',
  );
});

test('a tab label over a panel of the page titles that panel; href="#" or a missing panel titles nothing', () => {
  const panel = '<div id="t2"><ul><li><a href="/pdf/ilam.pdf">استان ایلام</a></li></ul></div>';
  assert.equal(verdict('tenders', `<ul><li><a href="#t2">مزایده</a></li></ul>${panel}`), 'found');
  assert.equal(verdict('tenders', '<ul><li><span role="tab">مناقصات</span></li></ul>'), 'found');
  assert.equal(verdict('tenders', `<ul><li><a href="#">مزایده</a></li></ul>${panel}`), 'none');
  assert.equal(verdict('tenders', '<ul><li><a href="#t9">مزایده</a></li></ul><div id="t9"></div>'), 'none');
  // An anchor pointing at itself (a named anchor) is not a tab.
  assert.equal(verdict('tenders', '<a id="m" name="m" href="#m">مزایده</a>'), 'none');
});

test('services: a block heading over links, written in h5 or drawn as an image, introduces the services', () => {
  const links = '<ul><li><a href="/a">سامانه گلستان</a></li><li><a href="/b">امور مالی</a></li></ul>';
  const drawn = (img: string, body = links) =>
    `<div class="box"><div class="header">${img}</div>${body}</div>`;
  assert.equal(verdict('servicesPage', `<h5>سرویس های سازمان</h5>${links}`), 'elsewhere');
  assert.equal(verdict('servicesPage', drawn('<img src="/theme/khadamatElectronic.jpg">')), 'elsewhere');
  assert.equal(verdict('servicesPage', drawn('<img src="/t/h.png" alt="خدمات الکترونیکی">')), 'elsewhere');
  // A sentence in a heading, an image of something else, an image heading over fewer than two links,
  // an image that is not alone in its heading box: no services section.
  assert.equal(verdict('servicesPage', `<h5>سرویس های سازمان در سال جدید گسترش یافت</h5>${links}`), 'none');
  assert.equal(verdict('servicesPage', drawn('<img src="/theme/akhbar.jpg">')), 'none');
  assert.equal(
    verdict('servicesPage', drawn('<img src="/theme/khadamat.jpg">', '<a href="/a">سامانه گلستان</a>')),
    'none',
  );
  assert.equal(verdict('servicesPage', drawn('<img src="/theme/khadamat.jpg"> دانشگاه در یک نگاه')), 'none');
});

test('services: a menu bar named only by its id, whose parents are bare text over panels, is the main navigation', () => {
  const panel = '<div><ul><li><a href="/services">خدمات دانشگاه</a></li></ul></div>';
  const bar = (home: string, parent: string) =>
    `<div id="myTopMenu"><div class="sub1Menu">${home}</div><div class="sub1Menu">${parent}${panel}</div></div>`;
  const side = '<div class="side"><a href="/e">خدمات الكترونيكي</a></div>';
  assert.equal(
    verdict('servicesPage', bar('<a href="/">صفحه اصلی</a>', 'خدمات الکترونیک') + side),
    'main-nav',
  );
  // Without a home link the block is not the menu bar; a bare sentence over the panel is not a heading.
  assert.equal(
    verdict('servicesPage', bar('<a href="/x">دانشکده ها</a>', 'خدمات الکترونیک') + side),
    'elsewhere',
  );
  assert.equal(
    verdict(
      'servicesPage',
      bar('<a href="/">صفحه اصلی</a>', 'برای دریافت خدمات الکترونیک دانشگاه سامانه های زیر را ببینید') + side,
    ),
    'elsewhere',
  );
});

test('a box title cell named by its class titles its box; a sentence there does not', () => {
  const box = (title: string) =>
    `<table><tr><td class="header1">${title}</td></tr></table><table><tr><td><a href="/n/1">Annual meeting of the board held in Shiraz this week</a></td></tr></table>`;
  assert.equal(verdict('announcements', box('News and Events')), 'found');
  assert.equal(
    verdict('announcements', box('The minister spoke to reporters about news of the budget')),
    'none',
  );
});

test('buttons and header icons the scripts open are labelled by their text or tooltip', () => {
  const script = (sel: string) => `<script>$("${sel}").click(function () { open(this); });</script>`;
  const sideBar = '<div class="btns"><div class="btn">اطلاعیه ها</div><div class="btn">رویدادها</div></div>';
  assert.equal(verdict('announcements', sideBar + script('#side_bar .btns .btn')), 'found');
  // Nothing opens it: a styled box, not a control.
  assert.equal(verdict('announcements', sideBar), 'none');
  const header = (tools: string) =>
    `<header id="header"><nav class="menu"><a href="/">صفحه اصلی</a><a href="/about">درباره ما</a></nav>${tools}</header>`;
  const icon = '<div class="tools"><div class="services" title="خدمات الکترونیک"></div></div>';
  assert.equal(verdict('servicesPage', header(icon) + script('#header .services')), 'main-nav');
  assert.equal(verdict('servicesPage', header('') + icon + script('.services')), 'elsewhere');
  assert.equal(verdict('servicesPage', header(icon)), 'none');
  // An icon whose tooltip names something else.
  assert.equal(
    verdict('servicesPage', header(icon.replace('خدمات الکترونیک', 'جستجوی پیشرفته')) + script('.services')),
    'none',
  );
});

test('services: a link naming the services the agency offers, at the length of such a title', () => {
  assert.equal(verdict('servicesPage', '<a href="/خدمات">خدمات ارائه شده توسط دانشگاه</a>'), 'elsewhere');
  assert.equal(
    verdict('servicesPage', '<a href="/n/9">گزارش خدمات ارائه شده به زائران در ایام نوروز</a>'),
    'none',
  );
});

test('services: a top-level main-navigation item whose whole label is a menu word; not a sub-item or a longer label', () => {
  const nav = (items: string) =>
    `<nav class="menu"><ul><li><a href="/">صفحه اصلی</a></li>${items}</ul></nav>`;
  assert.equal(verdict('servicesPage', nav('<li><a href="/k">خدمات بانکی</a></li>')), 'main-nav');
  assert.equal(verdict('servicesPage', nav('<li><a href="/#tab3">خدمات کاربران</a></li>')), 'main-nav');
  assert.equal(
    verdict(
      'servicesPage',
      nav('<li><a href="/a">درباره ما</a><ul><li><a href="/k">خدمات</a></li></ul></li>'),
    ),
    'none',
  );
  assert.equal(verdict('servicesPage', nav('<li><a href="/k">خدمات بانکی ویژه بازنشستگان</a></li>')), 'none');
  assert.equal(verdict('servicesPage', nav('<li><a href="/k">خدمات</a></li>')), 'none');
});

test('reports: an annual report or financial statements link', () => {
  assert.equal(verdict('reports', '<a href="/fs">صورتهای مالی و گزارش سالانه</a>'), 'found');
  assert.equal(verdict('reports', '<a href="/n/2">گزارش تصویری مراسم سالانه</a>'), 'none');
});

test('reports: a document titled with the topic counts at the length report titles run to; a headline does not', () => {
  const title = 'کتاب گزارش عملکرد صد روزه دولت دوازدهم';
  assert.equal(verdict('reports', `<a href="/uploads/r.pdf"><span class="t">${title}</span></a>`), 'found');
  assert.equal(verdict('reports', `<a href="/news/1204">${title}</a>`), 'none');
  assert.equal(
    verdict(
      'reports',
      '<a href="/uploads/n.pdf">متن کامل سخنان رییس سازمان در نشست خبری درباره گزارش عملکرد سال گذشته و برنامه های سال آینده</a>',
    ),
    'none',
  );
  assert.equal(verdict('reports', '<a href="/uploads/b.pdf">کتاب صد روزه دولت دوازدهم</a>'), 'none');
});
