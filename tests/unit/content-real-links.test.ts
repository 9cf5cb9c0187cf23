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
