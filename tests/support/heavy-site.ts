// Pages for the parse-memory test and bench: a site of N pages of about 2 MB each (every page links
// to every other), and a small ordinary site.

const filler = (() => {
  let s = '';
  for (let i = 0; s.length < 2 * 1024 * 1024; i++)
    s += `<div class="item"><a href="#i${i}">بند ${i}</a><p>متن نمونه‌ای برای صفحه‌ای سنگین ${i}</p></div>`;
  return s;
})();

/** Page `path` of an N-page site of about 2 MB pages. */
export function bigPage(path: string, pages: number): string {
  const links = Array.from({ length: pages }, (_, i) => `<a href="/p/${i}">صفحه ${i}</a>`).join('');
  return `<html lang="fa" dir="rtl"><head><title>صفحه ${path}</title></head><body><nav><a href="/">خانه</a>${links}</nav>${filler}</body></html>`;
}

/** A small portal: home, FAQ and contact pages. */
export function smallPage(path: string): string {
  const nav =
    '<nav><a href="/">صفحه اصلی</a><a href="/faq">پرسش‌های متداول</a><a href="/contact">تماس با ما</a></nav>';
  const body =
    path === '/faq'
      ? '<h1>پرسش‌های متداول</h1><p>چگونه درخواست ثبت کنم؟</p>'
      : path === '/contact'
        ? '<h1>تماس با ما</h1><p>تلفن: ۰۲۱-۱۲۳۴۵۶۷۸</p>'
        : '<h1>سازمان سبک</h1><p>خدمات الکترونیکی</p>';
  return `<html lang="fa" dir="rtl"><head><title>سازمان سبک</title></head><body>${nav}<main>${body}</main></body></html>`;
}
