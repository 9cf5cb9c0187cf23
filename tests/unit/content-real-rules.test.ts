// Rules learnt from the real-page corpus, each shown on a small page in the shape the real portals use
// (fixtures/real-pages records the pages themselves): both sides of every rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectorById } from '../../src/probes/content/detectors/index.ts';
import { buildPage, buildSite } from '../../src/probes/content/site.ts';

const site = (body: string) =>
  buildSite(
    [buildPage('https://www.example.ac.ir/', `<html lang="fa"><body>${body}</body></html>`, 0, true)],
    [],
    ['www.example.ac.ir'],
  );
const verdict = (id: string, body: string) => detectorById(id).run(site(body)).verdict;
const fact = (id: string, body: string, f: string) => detectorById(id).run(site(body)).facts[f];

const NAV = (items: string) =>
  `<nav class="navbar"><ul><li><a href="/">صفحه اصلی</a></li><li><a href="/about">درباره ما</a></li>${items}</ul></nav>`;

test('managers: a menu item naming the president, the board or the structure is followed by a visitor', () => {
  assert.equal(verdict('managers', NAV('<li><a href="/p">ریاست دانشگاه</a></li>')), 'partial');
  assert.equal(verdict('managers', NAV('<li><a href="/b">اعضای هیات مدیره</a></li>')), 'partial');
  assert.equal(verdict('managers', NAV('<li><a href="/s">ساختار تشکیلاتی</a></li>')), 'partial');
  // A news headline naming the president, an office, or a contact link are not managers.
  assert.equal(
    verdict('managers', '<a href="/n/1">پیام نوروزی دکتر احمدی، رییس دانشگاه به مناسبت سال نو</a>'),
    'none',
  );
  assert.equal(
    verdict(
      'managers',
      NAV('<li><a href="/o">حوزه ریاست</a></li><li><a href="/c">ارتباط با مدیرعامل</a></li>'),
    ),
    'none',
  );
});

test("managers: the head's bare title counts only as a link's whole label", () => {
  // A menu item that is only the title leads to the president's page or the list of presidents.
  assert.equal(
    verdict('managers', NAV('<li><a href="https://chancellor.example.ac.ir/">ریاست</a></li>')),
    'partial',
  );
  assert.equal(verdict('managers', NAV('<li><a href="/p/43912">رؤسای دانشگاه</a></li>')), 'partial');
  assert.equal(verdict('managers', NAV('<li><a href="/dean">Presidency</a></li>')), 'partial');
  assert.equal(
    verdict('managers', NAV('<li><a href="https://www.gov.example.gov/">Governor</a></li>')),
    'partial',
  );
  // With more words it is an office, a history page or another body.
  assert.equal(verdict('managers', NAV('<li><a href="/office">دفتر ریاست</a></li>')), 'none');
  assert.equal(verdict('managers', NAV('<li><a href="/h">تاریخچه روسای دانشگاه</a></li>')), 'none');
  assert.equal(
    verdict('managers', NAV('<li><a href="https://www.president.ir/">ریاست جمهوری</a></li>')),
    'none',
  );
  assert.equal(verdict('managers', '<a href="/n/2">President opens the new library</a>'), 'none');
  assert.equal(
    verdict('managers', NAV("<li><a href='/gobiz'>Governor's Office of Business</a></li>")),
    'none',
  );
});

test('services page: a drop-down heading (href="#", javascript:) over real links is a menu item', () => {
  const panel = '<ul><li><a href="/cheque">خدمات چک</a></li><li><a href="/loan">تسهیلات</a></li></ul>';
  assert.equal(
    verdict('servicesPage', NAV(`<li><a href="javascript:void(0);"><span>خدمات</span></a>${panel}</li>`)),
    'main-nav',
  );
  assert.equal(verdict('servicesPage', NAV(`<li><a href="#">خدمات الکترونیک</a>${panel}</li>`)), 'main-nav');
  // A heading over nothing, or the bare word as a plain link, is not the services section.
  assert.equal(verdict('servicesPage', NAV('<li><a href="#">خدمات</a></li>')), 'none');
  assert.equal(verdict('servicesPage', NAV('<li><a href="/khadamat">خدمات</a></li>')), 'none');
});

test('usability: search boxes as portals write them, sign-in to the site rather than to another system', () => {
  const stats = '<p>بازدید امروز : 1018</p>';
  // A search box known by its default value, or outside any form (submitted by script).
  assert.equal(
    fact(
      'usability',
      '<form><input type="text" name="terms" value="جستجو در سایت"></form>',
      'usability.search',
    ),
    true,
  );
  assert.equal(
    fact('usability', '<input type="text" placeholder="جستجو..." id="HeadSearchKey">', 'usability.search'),
    true,
  );
  assert.equal(
    fact('usability', '<input type="text" placholder="جستجو..." name="T1">', 'usability.search'),
    true,
  );
  // Sign-in: a short label, an internet-bank form without a password field, an image-only login link.
  assert.equal(verdict('usability', `<a href="/login.aspx">ورود به سایت</a>${stats}`), 'personalised');
  assert.equal(
    verdict(
      'usability',
      `<div class="InternetBank-Login"><form onsubmit="go();return false"><input type="text" value="شماره مشتری"></form></div>${stats}`,
    ),
    'personalised',
  );
  assert.equal(
    verdict(
      'usability',
      `<a href="https://ib.example.ir/webbank/login/"><img src="ib.png" alt=""></a>${stats}`,
    ),
    'personalised',
  );
  // Another system's sign-in, a news headline, or a staff tool titled by its name are not the site's.
  assert.equal(
    verdict(
      'usability',
      `<a href="https://x.example.ac.ir/">ورود به سامانه ویرایش سوابق علمی پژوهشی</a>${stats}`,
    ),
    'features',
  );
  assert.equal(
    verdict(
      'usability',
      `<a href="https://oa.example.ac.ir/login.jsp" title="اتوماسیون اداری"><img src="oa.png"></a>${stats}`,
    ),
    'features',
  );
  // The first counter label may be a poll question; the counter comes later.
  assert.equal(
    fact(
      'usability',
      '<p>آمار بازدیدکنندگان از کدام خدمت راضی هستید؟</p><p>بازدید امروز : 1018</p>',
      'usability.visitorStats',
    ),
    true,
  );
  // sanjesh-org: a counter in a footer box hidden by its own inline style, which nothing opens, is not
  // shown; umsha-ac-ir: a hidden title row over counters that are shown does not hide them.
  const counter = "<ul class='visitor'><li><span>بازدید کل:</span><span>285,888,982</span></li></ul>";
  const visitors = (body: string) => fact('usability', body, 'usability.visitorStats');
  assert.equal(visitors(`<div class="footer-left" style="display:none;">${counter}</div>`), false);
  assert.equal(visitors(`<div class="footer-left">${counter}</div>`), true);
  assert.equal(
    visitors(
      `<div style="display: none">آمار بازدید</div><table><tr><td>بازدید امروز : 4330</td></tr></table>`,
    ),
    true,
  );
  // A hidden box that a control opens is shown to the visitor who opens it.
  assert.equal(
    visitors(
      `<a href="#stats" data-toggle="collapse">آمار</a><div id="stats" style="display:none">${counter}</div>`,
    ),
    true,
  );
  // A strategy map or a road map is not a map.
  assert.equal(fact('usability', '<a href="/m">نقشه استراتژی دانشگاه</a>', 'usability.map'), false);
  assert.equal(fact('usability', '<a href="/m">نقشه دانشگاه</a>', 'usability.map'), true);
});

test('feedback reads satisfaction with services; a general poll is a survey, not feedback', () => {
  const poll = '<main><p><a href="/poll/3">مسابقه نظرسنجی</a></p></main>';
  assert.equal(verdict('feedback', poll), 'none');
  assert.equal(verdict('survey', poll), 'found');
  assert.equal(verdict('feedback', '<main><p><a href="/s">فرم رضایت سنجی خدمات</a></p></main>'), 'periodic');
  // A "Feedback Survey" about the site is a survey; a customer-satisfaction survey is feedback.
  const site = '<main><h4>Support</h4><ul><li><a href="/Survey">Feedback Survey</a></li></ul></main>';
  assert.equal(verdict('feedback', site), 'none');
  assert.equal(verdict('survey', site), 'found');
  assert.equal(
    verdict('feedback', '<main><a href="/cs">Customer Satisfaction Survey</a></main>'),
    'periodic',
  );
});

test('tracking: a status lookup counts as a link named for it, not as words in a longer title', () => {
  assert.equal(verdict('tracking', '<main><a href="/refund">Where\'s My Refund?</a></main>'), 'local');
  assert.equal(verdict('tracking', '<main><a href="/r">Check Refund Status</a></main>'), 'local');
  assert.equal(verdict('tracking', '<main><a href="/r">Check My State Tax Refund Status</a></main>'), 'none');
  assert.equal(verdict('tracking', '<main><p>Ask the board about your refund status.</p></main>'), 'none');
  // A tracking code named in the page's own content shows the agency issues one.
  assert.equal(verdict('tracking', '<main><a href="/q">دریافت شماره پرونده و کدپیگیری</a></main>'), 'local');
});

test("strategy: an agency's own strategic plan is not an e-government strategy", () => {
  assert.equal(verdict('strategy', '<a href="/plan">برنامه راهبردی دانشگاه</a>'), 'none');
  assert.equal(verdict('strategy', '<a href="/egov">راهبرد دولت الکترونیک</a>'), 'partial');
});

test('support: a link that begins with a contact or problem-report action is a channel; a headline is not', () => {
  // isiri-gov-ir and irs-gov: the channel's label goes on after the action.
  assert.equal(
    verdict(
      'support',
      '<a href="https://eform.example.ac.ir/p/1">ثبت اشکالات،پیشنهادات سامانه های تخصصی سازمان</a>',
    ),
    'contact',
  );
  assert.equal(
    verdict('support', '<a href="/help/contact-your-local-office">Contact Your Local Office</a>'),
    'contact',
  );
  // The action in the middle of a label, or a headline that begins with it, offers no channel.
  assert.equal(verdict('support', '<a href="/n/2">گزارش عملکرد ثبت شکایات مردمی در سال گذشته</a>'), 'none');
  assert.equal(
    verdict(
      'support',
      '<a href="/n/3">تماس با دانشجویان خارج از کشور برای پیگیری وضعیت تحصیلی و ثبت نام در نیمسال جدید</a>',
    ),
    'none',
  );
});

test('guide: a list of links under a guide heading is a catalogue, not a guide; prose with a link is', () => {
  // irs-gov: "Forms and Instructions" over form links, each with a one-line caption.
  const forms = ['1040-EZ', 'W-9', '4868', '1099-MISC']
    .map((f) => `<div><a href="/forms/${f}">Form ${f}</a><div>Request form for taxpayers ${f}</div></div>`)
    .join('');
  assert.equal(verdict('guide', `<section><h2>Forms and Instructions</h2>${forms}</section>`), 'none');
  const steps =
    '<p>مرحله اول: متقاضی ابتدا در سامانه ثبت نام می‌کند و پس از تایید شماره همراه، فرم درخواست را تکمیل می‌کند.</p>' +
    '<p>مرحله دوم: مدارک خواسته‌شده را بارگذاری کنید؛ نتیجه بررسی از طریق <a href="/track">پیگیری درخواست</a> اعلام می‌شود.</p>';
  assert.equal(verdict('guide', `<section><h2>راهنمای ثبت درخواست</h2>${steps}</section>`), 'html');
});

test('held-out ca-gov: "Register to Vote" is a service, not a sign-in; a guide announced in a carousel is elsewhere', () => {
  const signIn = (body: string) => fact('usability', body, 'usability.personalisation');
  assert.equal(signIn('<a href="http://registertovote.example.gov/">Register to Vote</a>'), false);
  assert.equal(signIn('<a href="/user/register">Register</a>'), true);
  assert.equal(signIn('<a href="/login">Log in</a>'), true);
  const teaser =
    '<h2>Immigrant Guide</h2><p>The state is home to many newcomers from all over the world, and it has built services that help them settle, work and take part in civic life.</p><a href="http://guide.example.gov">Visit Portal</a>';
  assert.equal(
    verdict('guide', `<div class="carousel owl-carousel"><div class="item">${teaser}</div></div>`),
    'none',
  );
  assert.equal(verdict('guide', `<div class="content">${teaser}</div>`), 'html');
});
