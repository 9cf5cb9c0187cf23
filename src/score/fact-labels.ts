// Persian and English labels for the facts the checklists read, and the spoken form of their values,
// so report sentences say "دسترس‌پذیری برابر «جزئی»" instead of an internal key. One table, kept apart so it can
// merge into the fact catalogue the probes declare. A fact without a label falls back to its name.
import type { Bilingual } from './types.ts';

const b = (fa: string, en: string): Bilingual => ({ fa, en });

export const FACT_LABELS: Record<string, Bilingual> = {
  'speed.score': b('امتیاز سرعت (Lighthouse)', 'speed score (Lighthouse)'),
  'secondLanguage.level': b('بخش زبان دوم', 'second-language section'),
  'managers.kind': b('معرفی مدیران', 'managers introduced'),
  'a11y.level': b('دسترس‌پذیری', 'accessibility'),
  'a11y.adjustTools': b('ابزار تنظیم نمایش برای کم‌توانان', 'display adjustment tools'),
  'tls.grade': b('رتبه‌ی امنیت ارتباط (TLS)', 'TLS grade'),
  'usability.search': b('جست‌وجو در درگاه', 'site search'),
  'usability.personalisation': b('شخصی‌سازی', 'personalisation'),
  'usability.visitorStats': b('آمار بازدیدکنندگان', 'visitor statistics'),
  'usability.showsIp': b('نمایش نشانی IP کاربر', "shows the visitor's IP address"),
  'usability.map': b('نقشه‌ی درگاه', 'site map'),
  'updateDate.found': b('تاریخ به‌روزرسانی', 'last-update date'),
  'updateProcedure.found': b('روال به‌روزرسانی', 'update procedure'),
  'tenders.setadLink': b('پیوند به سامانه‌ی ستاد', 'link to the Setad procurement system'),
  'tenders.found': b('مناقصه‌ها و مزایده‌ها', 'tenders and auctions'),
  'stats.kind': b('آمار الکترونیکی خدمات', 'electronic service statistics'),
  'servicesPage.found': b('صفحه‌ی معرفی خدمات', 'services page'),
  'servicesPage.fieldCoverage': b('پوشش فیلدهای شناسنامه‌ی خدمت', 'service identity fields covered'),
  'servicesPage.inMainNav': b('صفحه‌ی خدمات در منوی اصلی', 'services page in the main menu'),
  'serviceDesk.found': b('میز خدمت الکترونیکی', 'electronic service desk'),
  'serviceDesk.inMainNav': b('میز خدمت در منوی اصلی', 'service desk in the main menu'),
  'serviceDesk.allServicesLinked': b('پیوند همه‌ی خدمات از میز خدمت', 'every service linked from the desk'),
  'responsive.ok': b('سازگاری با تلفن همراه', 'fits phone screens'),
  'reports.performance': b('گزارش عملکرد', 'performance report'),
  'links.broken': b('پیوندهای شکسته', 'broken links'),
  'links.checked': b('پیوندهای بررسی‌شده', 'links checked'),
  'faq.count': b('شمار پرسش‌های متداول', 'FAQ entries'),
  'faq.perServiceMin': b('کمترین شمار پرسش متداول هر خدمت', 'fewest FAQ entries of a service'),
  'contacts.found': b('اطلاعات تماس', 'contact details'),
  'uptime.percent': b('دسترس‌پذیری زمانی (درصد)', 'uptime (%)'),
  'uptime.coverage': b('پوشش پایش زمانی (درصد)', 'uptime monitoring coverage (%)'),
  'tracking.kind': b('پیگیری درخواست', 'request tracking'),
  'support.kind': b('پشتیبانی برخط', 'online support'),
  'strategy.kind': b('انتشار راهبردها و سیاست‌ها', 'strategies and policies published'),
  'guide.kind': b('راهنمای خدمات', 'service guide'),
  'feedback.kind': b('سنجش رضایت', 'satisfaction survey'),
  'consultation.kind': b('مشارکت و نظرخواهی', 'public consultation'),
  'survey.found': b('نظرسنجی', 'survey'),
  'socialNetworks.domestic': b('شبکه‌های اجتماعی داخلی', 'domestic social networks'),
  'sla.found': b('توافق‌نامه‌ی سطح خدمت', 'service level agreement'),
  'privacy.found': b('سیاست حریم خصوصی', 'privacy policy'),
  'otherAgencyLinks.found': b('پیوند به دستگاه‌های دیگر', 'links to other agencies'),
  'identityCards.found': b('شناسنامه‌ی خدمات', 'service identity cards'),
  'domain.standard': b('دامنه‌ی استاندارد دولتی', 'standard government domain'),
  'decision.published': b('انتشار تصمیم‌ها', 'decisions published'),
  'chat.onHome': b('گفت‌وگوی برخط در صفحه‌ی اصلی', 'live chat on the home page'),
  'browsers.ok': b('سازگاری با مرورگرها', 'works in the major browsers'),
  'announcements.found': b('اطلاعیه‌ها', 'announcements'),
  'faq.serviceCount': b('شمار پرسش‌های متداول خدمت', 'FAQ entries of the service'),
  'links.internalBrokenShare': b('سهم پیوندهای داخلی شکسته', 'share of broken internal links'),
  'links.navBroken': b('پیوندهای شکسته‌ی منوی اصلی', 'broken links in the main menu'),
  'managers.directContact': b('راه تماس مستقیم با مدیران', 'direct contact with managers'),
  'managers.names': b('نام مدیران', "managers' names"),
  'managers.staffPhones': b('تلفن کارکنان', 'staff phone numbers'),
  'managers.structure': b('ساختار سازمانی', 'organisation chart'),
  'privacy.approved': b('سیاست حریم خصوصی مصوب', 'approved privacy policy'),
  'serviceDesk.formsVerified': b('فرم‌های تأییدشده‌ی میز خدمت', 'service desk forms verified'),
  'servicesPage.guideCoverage': b('پوشش راهنمای خدمات', 'service guide coverage'),
  'sla.serviceShare': b('سهم خدمات دارای توافق‌نامه‌ی سطح خدمت', 'share of services with an SLA'),
};

/** Spoken words for the string values facts take (the checklists' `eq`/`in` words). */
export const VALUE_LABELS: Record<string, Bilingual> = {
  none: b('هیچ', 'none'),
  partial: b('جزئی', 'partial'),
  full: b('کامل', 'full'),
  complete: b('کامل', 'complete'),
  services: b('معرفی خدمات', 'services described'),
  general: b('معرفی کلی', 'general introduction'),
  published: b('منتشرشده', 'published'),
  multimedia: b('چندرسانه‌ای', 'multimedia'),
  html: b('متن HTML', 'HTML text'),
  'live-chat': b('گفت‌وگوی برخط', 'live chat'),
  contact: b('فقط اطلاعات تماس', 'contact details only'),
  national: b('کارپوشه‌ی ملی یا کد رهگیری متمرکز', 'national inbox or central tracking code'),
  local: b('کد رهگیری غیرمتمرکز', 'decentralised tracking code'),
  immediate: b('بلافاصله پس از خدمت', 'right after the service'),
  periodic: b('ادواری', 'periodic'),
  'request-production-delivery': b('درخواست، تولید و تحویل', 'request, production and delivery'),
  'request-production': b('درخواست و تولید', 'request and production'),
  request: b('فقط درخواست', 'request only'),
  procedure: b('روال', 'procedure'),
  'below-B': b('پایین‌تر از B', 'below B'),
};

/** The label of a fact, or its name when the table has none. */
export function factLabel(fact: string): Bilingual {
  return FACT_LABELS[fact] ?? { fa: fact, en: fact };
}

/** The spoken form of a string value; grades and other words without a label are shown as they are. */
export function valueLabel(v: string): Bilingual | undefined {
  return VALUE_LABELS[v];
}
