// Live-chat and support widgets: embed snippets as sites paste them (raw HTML) and the elements the
// widgets inject once running (rendered HTML). Snippets are written for these tests in the shape of
// each vendor's published embed code; ids and keys are made up.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as cheerio from 'cheerio';
import { findWidget, widgetSpecs } from '../../src/probes/content/widgets.ts';
import { buildPage, buildSite } from '../../src/probes/content/site.ts';
import { detectorById } from '../../src/probes/content/detectors/index.ts';

const support = detectorById('support');

const page = (head: string, body = '<p>سامانه</p>') =>
  `<!doctype html><html lang="fa" dir="rtl"><head><title>درگاه</title>${head}</head><body>${body}</body></html>`;

const RAW: [string, string][] = [
  [
    'Goftino',
    `<script>!function(){var i="Ab12Cd",a=window,d=document;function g(){var g=d.createElement("script"),s="https://www.goftino.com/widget/"+i,l=localStorage.getItem("goftino_"+i);g.async=!0,g.src=l?s+"?o="+l:s;d.getElementsByTagName("head")[0].appendChild(g);}"complete"===d.readyState?g():a.attachEvent?a.attachEvent("onload",g):a.addEventListener("load",g,!1);}();</script>`,
  ],
  [
    'Raychat',
    `<script>!function(){function t(){var t=document.createElement("script");t.type="text/javascript",t.async=!0,t.src="https://app.raychat.io/scripts/js/"+o;var e=document.getElementsByTagName("script")[0];e.parentNode.insertBefore(t,e)}var e=document,a=window,o="0a1b2c3d-0000-4000-8000-1234567890ab";"complete"==e.readyState?t():a.addEventListener("load",t,!1)}();</script>`,
  ],
  [
    'Raychat',
    `<script>window.RAYCHAT_TOKEN = "0a1b2c3d"; (function(){var s=document.createElement("script");s.src="https://widget-react.raychat.io/install/widget.js";document.head.appendChild(s);})();</script>`,
  ],
  [
    'Crisp',
    `<script type="text/javascript">window.$crisp=[];window.CRISP_WEBSITE_ID="11111111-2222-3333-4444-555555555555";(function(){var d=document;var s=d.createElement("script");s.src="https://client.crisp.chat/l.js";s.async=1;d.getElementsByTagName("head")[0].appendChild(s);})();</script>`,
  ],
  [
    'Salesforce LiveAgent',
    `<script type="text/javascript" src="https://c.la2-c1-ia4.salesforceliveagent.com/content/g/js/52.0/deployment.js"></script>
     <script type="text/javascript">liveagent.init('https://d.la2-c1-ia4.salesforceliveagent.com/chat', '5723x000000AbCd', '00D3x000000EfGh');</script>`,
  ],
  [
    'Salesforce LiveAgent',
    `<script>if (!window._laq) { window._laq = []; }
     window._laq.push(function(){ liveagent.showWhenOnline('5733x000000Qwe', document.getElementById('liveagent_button_online_5733x000000Qwe')); });</script>`,
  ],
  [
    'Salesforce Embedded Service',
    `<script type="text/javascript" src="https://service.force.com/embeddedservice/5.0/esw.min.js"></script>
     <script type="text/javascript">var initESW = function(gslbBaseURL) { embedded_svc.settings.displayHelpButton = true; embedded_svc.settings.language = 'en-US';
     embedded_svc.init('https://agency.my.salesforce.com', 'https://agency.my.site.com/help', gslbBaseURL, '00D000000000001', 'Help_Desk_Chat', { baseLiveAgentContentURL: 'https://c.la1-c2-ph2.salesforceliveagent.com/content' }); };</script>`,
  ],
  [
    'Salesforce Embedded Service',
    `<script type='text/javascript'>function initEmbeddedMessaging() { try { embeddedservice_bootstrap.settings.language = 'en_US';
     embeddedservice_bootstrap.init('00D000000000002', 'Web_Messaging', 'https://agency.my.site.com/ESWWebMessaging1700000000000', { scrt2URL: 'https://agency.my.salesforce-scrt.com' }); } catch (err) { console.error(err); } };</script>
     <script type='text/javascript' src='https://agency.my.site.com/ESWWebMessaging1700000000000/assets/js/bootstrap.min.js' onload='initEmbeddedMessaging()'></script>`,
  ],
  [
    'Zendesk',
    `<script id="ze-snippet" src="https://static.zdassets.com/ekr/snippet.js?key=00000000-aaaa-bbbb-cccc-000000000000"></script>`,
  ],
  [
    'Zendesk',
    `<script>window.$zopim||(function(d,s){var z=$zopim=function(c){z._.push(c)},$=z.s=d.createElement(s),e=d.getElementsByTagName(s)[0];z.set=function(o){z.set._.push(o)};z._=[];z.set._=[];$.async=!0;$.setAttribute("charset","utf-8");$.src="https://v2.zopim.com/?abc123";z.t=+new Date;$.type="text/javascript";e.parentNode.insertBefore($,e)})(document,"script");</script>`,
  ],
  [
    'LivePerson',
    `<script type="text/javascript">window.lpTag=window.lpTag||{},'undefined'==typeof window.lpTag._tagCount?(window.lpTag={wl:lpTag.wl||null,scp:lpTag.scp||null,site:'12345678'||'',section:lpTag.section||''},lpTag.site='12345678'):window.lpTag._tagCount+=1;</script>`,
  ],
  [
    'Tawk.to',
    `<script type="text/javascript">var Tawk_API=Tawk_API||{}, Tawk_LoadStart=new Date();(function(){var s1=document.createElement("script"),s0=document.getElementsByTagName("script")[0];s1.async=true;s1.src='https://embed.tawk.to/5f0000000000000000000000/default';s1.charset='UTF-8';s1.setAttribute('crossorigin','*');s0.parentNode.insertBefore(s1,s0);})();</script>`,
  ],
  [
    'Genesys',
    `<script type="text/javascript" charset="utf-8">(function (g, e, n, es, ys) { g['_genesysJs'] = e; g[e] = g[e] || function () { (g[e].q = g[e].q || []).push(arguments) }; g[e].t = 1 * new Date(); g[e].c = es; ys = document.createElement('script'); ys.async = 1; ys.src = n; ys.charset = 'utf-8'; document.head.appendChild(ys); })(window, 'Genesys', 'https://apps.mypurecloud.de/genesys-bootstrap/genesys.min.js', { environment: 'prod-euc1', deploymentId: 'aaaaaaaa-0000-0000-0000-000000000000' });</script>`,
  ],
  [
    'Genesys',
    `<script src="https://apps.mypurecloud.com/widgets/9.0/cxbus.min.js" onload="javascript:CXBus.configure({debug:false,pluginsPath:'https://apps.mypurecloud.com/widgets/9.0/plugins/'}); CXBus.loadPlugin('widgets-core');"></script>`,
  ],
  [
    'Intercom',
    `<script>window.intercomSettings = { api_base: "https://api-iam.intercom.io", app_id: "abc12345" };</script>
     <script>(function(){var w=window;var ic=w.Intercom;if(typeof ic==="function"){ic('update',w.intercomSettings);}else{var d=document;var l=function(){var s=d.createElement('script');s.type='text/javascript';s.async=true;s.src='https://widget.intercom.io/widget/abc12345';var x=d.getElementsByTagName('script')[0];x.parentNode.insertBefore(s,x);};l();}})();</script>`,
  ],
];

const RENDERED: [string, string][] = [
  [
    'Goftino',
    '<div id="goftino_w" style="position:fixed"><iframe id="goftino_iframe" title="گفتینو"></iframe></div>',
  ],
  [
    'Crisp',
    '<div class="crisp-client"><div id="crisp-chatbox"><a role="button" aria-label="گفتگو"></a></div></div>',
  ],
  [
    'Salesforce Embedded Service',
    '<div class="embeddedServiceHelpButton"><div class="helpButton"><button class="uiButton helpButtonEnabled">Chat with an Expert</button></div></div>',
  ],
  [
    'Salesforce Embedded Service',
    '<div id="embedded-messaging"><iframe name="embeddedMessagingFrame" title="Chat window"></iframe></div>',
  ],
  [
    'Salesforce LiveAgent',
    '<a id="liveagent_button_online_5733x000000Qwe" href="javascript://Chat" style="display:none">Live Chat</a>',
  ],
  [
    'Zendesk',
    '<iframe id="launcher" title="Opens a widget where you can chat to one of our agents" tabindex="0"></iframe>',
  ],
  ['LivePerson', '<div id="lpChat" class="LPMcontainer"><div class="LPMimage"></div></div>'],
  ['Tawk.to', '<iframe src="about:blank" title="chat widget" style="position:fixed"></iframe>'],
  ['Genesys', '<div id="genesys-messenger"><iframe id="genesys-mxg-frame" title="Messenger"></iframe></div>'],
  [
    'Intercom',
    '<div class="intercom-lightweight-app"><div class="intercom-lightweight-app-launcher" role="button"></div></div>',
  ],
];

test('embed snippets in the raw HTML name their widget', () => {
  for (const [name, head] of RAW) {
    const hit = findWidget(cheerio.load(page(head)));
    assert.equal(hit?.name, name, `${name}: ${head.slice(0, 80)}`);
    assert.ok(hit.text.length > 0);
  }
});

test('elements injected by running widgets name their widget', () => {
  for (const [name, body] of RENDERED) {
    const hit = findWidget(cheerio.load(page('', `<main><p>خدمات</p></main>${body}`)));
    assert.equal(hit?.name, name, `${name}: ${body.slice(0, 80)}`);
  }
});

test('a chat iframe without a known vendor still counts, under no name', () => {
  const hit = findWidget(
    cheerio.load(page('', '<iframe src="https://chat.agency.example/box" title="پشتیبانی"></iframe>')),
  );
  assert.equal(hit?.name, null);
  assert.equal(hit?.how, 'iframe');
});

test('analytics, push notifications, maps and the word chat in text are not chat widgets', () => {
  const decoys = [
    `<script async src="https://www.googletagmanager.com/gtag/js?id=G-XXXX"></script><script>gtag('config','G-XXXX');</script>`,
    `<script src="https://van.najva.com/static/js/main-script.js" defer></script><script>var najva_user_token="x";</script>`,
    `<script>var _paq = window._paq || []; _paq.push(['trackPageView']);</script>`,
  ];
  for (const head of decoys)
    assert.equal(
      findWidget(
        cheerio.load(
          page(
            head,
            '<p>برای چت با کارشناسان با شماره ۱۵۵۵ تماس بگیرید. Live chat is coming soon.</p><iframe src="https://www.google.com/maps/embed?pb=1" title="نقشه"></iframe><iframe src="https://www.aparat.com/video/video/embed/videohash/abc/vt/frame"></iframe>',
          ),
        ),
      ),
      null,
      head,
    );
});

test('every widget pattern compiles and every selector parses', () => {
  const specs = widgetSpecs();
  assert.ok(specs.widgets.length >= 11);
  const $ = cheerio.load('<p></p>');
  for (const w of specs.widgets)
    for (const sel of w.markup) assert.doesNotThrow(() => $(sel), `${w.name}: ${sel}`);
  assert.doesNotThrow(() => $(specs.genericMarkup));
});

test('the support detector reports a live chat found only in the rendered page', () => {
  const raw = page('', '<main><h1>خانه</h1><p>تلفن: 021-88776655</p></main>');
  const rendered = page(
    '',
    '<main><h1>خانه</h1><p>تلفن: 021-88776655</p></main><div class="embeddedServiceHelpButton"><button>Chat</button></div>',
  );
  const run = (html: string) =>
    support.run(
      buildSite([buildPage('https://www.agency.example/', html, 0, true)], [], ['www.agency.example']),
    );
  assert.equal(run(raw).verdict, 'contact');
  const r = run(rendered);
  assert.equal(r.verdict, 'live-chat');
  assert.equal(r.facts['chat.onHome'], true);
  assert.match(r.evidence[0].label ?? '', /Salesforce Embedded Service/);
});
