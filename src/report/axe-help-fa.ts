// Persian summaries of the axe-core rules most often broken on government portals, for the agency
// page's accessibility table. Written for evaluators and site owners from each rule's purpose as
// Deque's rule pages (dequeuniversity.com/rules/axe) and WCAG 2.1 describe it; a rule missing here
// shows axe's own English help. One short sentence: what is wrong and what to do.
export const AXE_HELP_FA: Readonly<Record<string, string>> = {
  // Text alternatives (WCAG 1.1.1)
  'image-alt': 'تصویر متن جایگزین ندارد؛ برای آن ویژگی alt بنویسید (برای تصویر تزئینی alt خالی).',
  'input-image-alt': 'دکمه‌ی تصویری (input type=image) متن جایگزین ندارد؛ ویژگی alt بدهید.',
  'area-alt': 'ناحیه‌های نقشه‌ی تصویری (area) متن جایگزین ندارند.',
  'object-alt': 'عنصر object متن جایگزین ندارد.',
  'svg-img-alt': 'تصویر SVG با نقش img عنوان یا متن جایگزین ندارد.',
  'role-img-alt': 'عنصری با نقش img متن جایگزین (aria-label) ندارد.',
  'image-redundant-alt': 'متن جایگزین تصویر همان متن کنار آن را تکرار می‌کند.',
  // Names of links, buttons and form fields (WCAG 2.4.4, 4.1.2, 1.3.1, 3.3.2)
  'link-name':
    'پیوند متن قابل‌خواندن ندارد (پیوند خالی، یا تصویری بدون متن جایگزین)؛ صفحه‌خوان آن را بی‌نام می‌خواند.',
  'button-name': 'دکمه نام قابل‌خواندن ندارد؛ متن یا aria-label بدهید.',
  label: 'فیلد فرم برچسب ندارد؛ برای آن label یا aria-label بگذارید.',
  'select-name': 'فهرست کشویی (select) برچسب ندارد.',
  'form-field-multiple-labels': 'یک فیلد فرم چند برچسب دارد و صفحه‌خوان‌ها آن را ناهمسان می‌خوانند.',
  'label-title-only': 'فیلد فرم فقط با title یا aria-describedby نام‌گذاری شده است، نه با برچسب دیدنی.',
  'input-button-name': 'دکمه‌ی input متن قابل‌خواندن ندارد.',
  'frame-title': 'قاب (iframe) عنوان ندارد؛ ویژگی title بدهید.',
  'aria-command-name': 'عنصر فرمان (نقش button یا link) نام قابل‌خواندن ندارد.',
  'aria-input-field-name': 'فیلد ورودی ARIA نام قابل‌خواندن ندارد.',
  'aria-toggle-field-name': 'کلید انتخاب ARIA (checkbox یا switch) نام قابل‌خواندن ندارد.',
  // Language and title of the page (WCAG 3.1.1, 3.1.2, 2.4.2)
  'html-has-lang': 'عنصر html ویژگی lang ندارد؛ برای صفحه‌ی فارسی lang="fa" بگذارید.',
  'html-lang-valid': 'مقدار ویژگی lang عنصر html زبان معتبری نیست.',
  'valid-lang': 'مقدار ویژگی lang یک بخش از صفحه زبان معتبری نیست.',
  'document-title': 'صفحه عنوان (title) ندارد.',
  // Contrast and colour (WCAG 1.4.3, 1.4.1)
  'color-contrast': 'تباین رنگ متن و زمینه کافی نیست (کمتر از ۴٫۵ به ۱ برای متن عادی).',
  'link-in-text-block': 'پیوند درون متن فقط با رنگ از متن کنارش جدا می‌شود.',
  // Structure (WCAG 1.3.1, 2.4.1, 2.4.6)
  list: 'فهرست (ul یا ol) فرزندی جز li دارد.',
  listitem: 'عنصر li بیرون از فهرست ul یا ol آمده است.',
  'definition-list': 'فهرست تعریف (dl) ساختار درستی ندارد.',
  dlitem: 'عنصر dt یا dd بیرون از فهرست dl آمده است.',
  'empty-heading': 'سرعنوان خالی است.',
  'heading-order': 'سطح سرعنوان‌ها پله‌پله پایین نمی‌آید (سطحی جا افتاده است).',
  'page-has-heading-one': 'صفحه سرعنوان سطح یک (h1) ندارد.',
  bypass: 'راهی برای پرش از منوها به محتوای اصلی نیست (پیوند «رفتن به محتوا» یا بخش main).',
  region: 'بخشی از محتوا بیرون از نواحی نشانه‌گذاری‌شده‌ی صفحه (header، nav، main، footer) است.',
  'landmark-one-main': 'صفحه یک ناحیه‌ی اصلی (main) ندارد.',
  'landmark-unique': 'نواحی نشانه‌گذاری‌شده‌ی هم‌نوع نام یکتا ندارند.',
  'td-headers-attr': 'خانه‌های جدول به سرستون‌هایی ارجاع می‌دهند که در جدول نیستند.',
  'th-has-data-cells': 'سرستون جدول خانه‌ای از داده را توصیف نمی‌کند.',
  // ARIA and keyboard (WCAG 4.1.2, 2.1.1, 2.4.3)
  'aria-allowed-attr': 'ویژگی ARIA ای به کار رفته که برای نقش این عنصر مجاز نیست.',
  'aria-required-attr': 'ویژگی‌های لازم ARIA برای نقش این عنصر داده نشده است.',
  'aria-required-children': 'عنصر با این نقش ARIA فرزندان لازم خود را ندارد.',
  'aria-required-parent': 'عنصر با این نقش ARIA درون والد لازم خود نیست.',
  'aria-roles': 'مقدار نقش (role) معتبر نیست.',
  'aria-valid-attr': 'نام ویژگی ARIA نادرست است.',
  'aria-valid-attr-value': 'مقدار ویژگی ARIA نادرست است.',
  'aria-hidden-focus': 'عنصری که با aria-hidden پنهان شده هنوز با صفحه‌کلید گرفته می‌شود.',
  'aria-hidden-body': 'کل بدنه‌ی صفحه با aria-hidden از صفحه‌خوان پنهان شده است.',
  'nested-interactive': 'عنصر تعاملی درون عنصر تعاملی دیگری آمده و صفحه‌خوان آن را نمی‌یابد.',
  'scrollable-region-focusable': 'ناحیه‌ی پیمایش‌پذیر با صفحه‌کلید در دسترس نیست.',
  tabindex: 'tabindex بزرگ‌تر از صفر ترتیب طبیعی حرکت با صفحه‌کلید را به هم می‌زند.',
  'duplicate-id-aria': 'شناسه‌ای (id) که ARIA یا برچسب به آن ارجاع می‌دهد تکراری است.',
  'duplicate-id-active': 'شناسه‌ی (id) یک عنصر تعاملی تکراری است.',
  'duplicate-id': 'شناسه‌ی (id) تکراری در صفحه هست.',
  // Time, motion and zoom (WCAG 2.2.1, 2.2.2, 1.4.4)
  'meta-refresh': 'صفحه خودبه‌خود و بی‌اختیار کاربر تازه یا جابه‌جا می‌شود (meta refresh).',
  'meta-viewport': 'بزرگ‌نمایی صفحه در تلفن همراه غیرفعال یا محدود شده است.',
  blink: 'متن چشمک‌زن (blink) به کار رفته است.',
  marquee: 'متن متحرک (marquee) به کار رفته و نمی‌توان آن را نگه داشت.',
  'autocomplete-valid': 'مقدار autocomplete فیلد فرم معتبر نیست.',
  'video-caption': 'ویدیو زیرنویس ندارد.',
  'audio-caption': 'فایل صوتی زیرنویس یا متن ندارد.',
  'server-side-image-map': 'نقشه‌ی تصویری سمت سرور به کار رفته که با صفحه‌کلید در دسترس نیست.',
};

/** Persian impact words for axe's four levels. */
export const AXE_IMPACT_FA: Readonly<Record<string, string>> = {
  critical: 'بحرانی',
  serious: 'جدی',
  moderate: 'متوسط',
  minor: 'جزئی',
};
