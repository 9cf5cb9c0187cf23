// Survey and links-to-other-agencies rules learnt from the real-page corpus (fixtures/real-pages), each
// shown on a small page in the shape the real portals use: both sides of every rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectorById } from '../../src/probes/content/detectors/index.ts';
import { buildPage, buildSite } from '../../src/probes/content/site.ts';

const site = (body: string, url = 'https://www.example.ac.ir/') =>
  buildSite(
    [buildPage(url, `<html lang="fa"><body>${body}</body></html>`, 0, true)],
    [],
    [new URL(url).host],
  );
const verdict = (id: string, body: string, url?: string) => detectorById(id).run(site(body, url)).verdict;

test('survey: a poll of radio buttons sent by script counts without a form; other radio groups do not', () => {
  const radios = (name: string) =>
    `<input type="radio" name="${name}" value="1"> بله <input type="radio" name="${name}" value="2"> خیر`;
  assert.equal(
    verdict('survey', `<div id="votediv"><p>از طرح جدید رضایت دارید؟</p>${radios('vote')}</div>`),
    'found',
  );
  assert.equal(verdict('survey', `<div class="box">${radios('vote')}</div>`), 'found');
  // Radio buttons choosing a search scope or a payment type are no poll.
  assert.equal(verdict('survey', `<div id="scope">${radios('searchin')}</div>`), 'none');
});

test('survey: a poll the page hides for good is switched off; a panel a visitor opens still shows it', () => {
  const poll = '<a href="https://forms.example.ac.ir/poll/index.php">شرکت در نظرسنجی</a>';
  assert.equal(
    verdict('survey', `<article class="box poll" style="display:none;">${poll}</article>`),
    'none',
  );
  // A button toggles the panel by its class, or a control names its id: shown to the visitor.
  assert.equal(
    verdict(
      'survey',
      `<div class="quick-box" style="display: none;">${poll}</div><span onclick="$('.quick-box').toggle()">دسترسی سریع</span>`,
    ),
    'found',
  );
  assert.equal(
    verdict(
      'survey',
      `<a href="#more" data-toggle="collapse">بیشتر</a><div id="more" style="display:none">${poll}</div>`,
    ),
    'found',
  );
  // The next slide of a carousel is hidden until the carousel turns to it.
  assert.equal(
    verdict(
      'survey',
      `<ul class="jcarousel"><li class="jcarousel-item-2" style="display: none;">${poll}</li></ul>`,
    ),
    'found',
  );
});

test('survey: a link naming the survey site, with more words joined to it', () => {
  assert.equal(verdict('survey', '<a href="/page/4144">وبگاه نظرسنجی و آمار پرتال</a>'), 'found');
  assert.equal(verdict('survey', '<a href="/page/4145">آمار و گزارش های پرتال دانشگاه</a>'), 'none');
});

test('other agencies: the agency own sites are not other agencies, however they are hosted', () => {
  const gov = 'https://www.example.gov.ir/';
  // Its own subdomains, even under .gov.ir; another .gov.ir host is another agency.
  assert.equal(
    verdict('otherAgencyLinks', '<a href="http://coc.example.gov.ir">سامانه صدور مجوز</a>', gov),
    'none',
  );
  assert.equal(
    verdict('otherAgencyLinks', '<a href="http://www.mimt.gov.ir">سامانه صدور مجوز</a>', gov),
    'found',
  );
  // The other hosts of the same body (the parliament's splash page and its portal).
  assert.equal(
    verdict('otherAgencyLinks', '<a href="http://parliran.ir/"><div></div></a>', 'http://majlis.ir/'),
    'none',
  );
  assert.equal(verdict('otherAgencyLinks', '<a href="http://parliran.ir/"><div></div></a>'), 'found');
  // "سازمان" alone is the page's own organisation; a name after it names an agency...
  assert.equal(
    verdict('otherAgencyLinks', '<a href="http://www.news-site.ir">پورتال خبری سازمان</a>', gov),
    'none',
  );
  const institute = '<a href="http://standard.ac.ir">پورتال پژوهشگاه سازمان ملی استاندارد</a>';
  assert.equal(verdict('otherAgencyLinks', institute, gov), 'found');
  // ...unless it is the agency's own name, as its own links give it.
  assert.equal(
    verdict(
      'otherAgencyLinks',
      `<a href="/Portal/Home">پورتال سازمان ملی استاندارد ایران</a>${institute}`,
      gov,
    ),
    'none',
  );
});

test('other agencies: the ministry office and the Leader representation named on a university page', () => {
  assert.equal(
    verdict(
      'otherAgencyLinks',
      '<a href="/dep/clab/"><a href="http://msrt.semnan.ac.ir:1010/">ارتباط با حوزه وزارتی</a>',
    ),
    'found',
  );
  assert.equal(
    verdict('otherAgencyLinks', '<a href="http://nahad-example.ir"><img src="/n.png"> دفتر نهاد رهبری</a>'),
    'found',
  );
  // On the university's own site they are its own pages.
  assert.equal(verdict('otherAgencyLinks', '<a href="/page/1570">نهاد نمایندگی مقام معظم رهبری</a>'), 'none');
  assert.equal(verdict('otherAgencyLinks', '<a href="http://edu.example.ac.ir">معاونت آموزشی</a>'), 'none');
});

test('other agencies: a link through the site own forwarding page goes where its url= names', () => {
  const gov = 'http://www.example.gov.ir/';
  assert.equal(
    verdict(
      'otherAgencyLinks',
      '<a href="PageLoad.aspx?url=http://www.msrt.ir">Ministry of Science</a>',
      gov,
    ),
    'found',
  );
  // Forwarding to the site's own pages or subdomains stays on the agency's own sites.
  assert.equal(
    verdict(
      'otherAgencyLinks',
      '<a href="PageLoad.aspx?url=Default.aspx?lan=fa">Fa</a><a href="PageLoad.aspx?url=http://iur.example.gov.ir">IUR</a>',
      gov,
    ),
    'none',
  );
  // Only the site's own forwarding page is read so: a link to another host goes to that host.
  assert.equal(
    verdict('otherAgencyLinks', '<a href="http://shop.example.com/go?url=http://www.msrt.ir">x</a>', gov),
    'none',
  );
});

test('other agencies: a foundation named after "بنیاد" is an agency; "بنیاد" alone is the page own body', () => {
  assert.equal(
    verdict('otherAgencyLinks', '<a href="http://international.bmn.ir/">بنیاد ملی نخبگان</a>'),
    'found',
  );
  assert.equal(verdict('otherAgencyLinks', '<a href="http://www.news-site.ir">اخبار بنیاد</a>'), 'none');
});

test('other agencies: on a state portal whose agencies have its subdomains, those are other agencies', () => {
  const dmv = '<a href="https://www.dmv.ca.gov/portal/">Department of Motor Vehicles</a>';
  assert.equal(verdict('otherAgencyLinks', dmv, 'http://www.ca.gov/'), 'found');
  assert.equal(
    verdict('otherAgencyLinks', '<a href="http://www.ca.gov/agencies">Agencies</a>', 'http://www.ca.gov/'),
    'none',
  );
  // Under any other domain an agency's subdomains stay its own.
  assert.equal(
    verdict('otherAgencyLinks', '<a href="https://www.dmv.example.gov/">DMV</a>', 'http://www.example.gov/'),
    'none',
  );
});
