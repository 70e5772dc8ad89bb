// <promise-estimate>: honest delivery dates on a product page. A framework-free web component (an
// ES module, no build step) that calls the promise service's Estimate over the Connect protocol
// (POST {endpoint}/promise.v1.PromiseService/Estimate, proto3 JSON) and shows each option's
// delivery window and price, a live "order within 2 h 14 min" countdown, and the reasons in words.
// Usage and theming: docs/widget.md.

const METHOD = "/promise.v1.PromiseService/Estimate";
const MINUTE = 60_000;

/** The widget's own words (th, vi, en); dates and reasons come localized from the service. */
const WORDS = {
  en: {
    title: "Delivery",
    loading: "Checking delivery dates…",
    within: (t, label) => `Order within ${t} to get it ${label}`,
    h: "h",
    min: "min",
    free: "Free",
    why: "Why these dates?",
    noStock: "Out of stock: no delivery date can be promised right now.",
    noService: (p) => `We don't deliver to ${p}.`,
    unknown: "This item can't be delivered from here.",
    failed: "Delivery dates are not available right now.",
    options: "Delivery options",
    onTime: (p) => `${p} on time`,
  },
  th: {
    title: "การจัดส่ง",
    loading: "กำลังตรวจสอบวันจัดส่ง…",
    within: (t, label) => `สั่งภายใน ${t} เพื่อรับสินค้า ${label}`,
    h: "ชม.",
    min: "นาที",
    free: "ส่งฟรี",
    why: "ทำไมจึงเป็นวันนี้",
    noStock: "สินค้าหมด: ยังไม่สามารถระบุวันจัดส่งได้ในขณะนี้",
    noService: (p) => `ยังไม่มีบริการจัดส่งไปยัง ${p}`,
    unknown: "สินค้านี้ไม่สามารถจัดส่งได้",
    failed: "ไม่สามารถแสดงวันจัดส่งได้ในขณะนี้",
    options: "ตัวเลือกการจัดส่ง",
    onTime: (p) => `ตรงเวลา ${p}`,
  },
  vi: {
    title: "Giao hàng",
    loading: "Đang kiểm tra ngày giao…",
    within: (t, label) => `Đặt trong ${t} để nhận hàng ${label}`,
    h: "giờ",
    min: "phút",
    free: "Miễn phí",
    why: "Vì sao là ngày này?",
    noStock: "Hết hàng: hiện chưa thể hẹn ngày giao.",
    noService: (p) => `Chúng tôi chưa giao đến ${p}.`,
    unknown: "Sản phẩm này không thể giao.",
    failed: "Hiện chưa xem được ngày giao.",
    options: "Lựa chọn giao hàng",
    onTime: (p) => `${p} đúng hẹn`,
  },
};

const STYLE = `
:host{display:block;font:var(--promise-font,inherit);color:var(--promise-text,#1d2430);
--_accent:var(--promise-accent,#0b6bcb);--_muted:var(--promise-muted,#5b6472);
--_border:var(--promise-border,#d5dae1);--_bg:var(--promise-background,#fff);
--_radius:var(--promise-radius,10px);--_gap:var(--promise-gap,.6rem)}
.box{background:var(--_bg);border:1px solid var(--_border);border-radius:var(--_radius);padding:var(--_gap) calc(var(--_gap)*1.5)}
h2{font-size:1em;margin:0 0 var(--_gap)}
.cd{margin:0 0 var(--_gap);color:var(--promise-countdown,var(--_accent));font-weight:600}
ul{list-style:none;margin:0;padding:0;display:grid;gap:var(--_gap)}
li{border-top:1px solid var(--_border);padding-top:var(--_gap)}
li:first-child{border-top:0;padding-top:0}
label{display:grid;grid-template-columns:auto 1fr auto;gap:.2rem .6rem;align-items:baseline;cursor:pointer}
input{margin:0;accent-color:var(--_accent)}
input:focus-visible{outline:2px solid var(--_accent);outline-offset:2px}
.win{font-weight:600}.price{font-weight:600;white-space:nowrap}
.svc{grid-column:2/4;color:var(--_muted);font-size:.9em}
details{margin:.3rem 0 0 1.6rem;color:var(--_muted);font-size:.9em}
summary{cursor:pointer;color:var(--_accent)}
summary:focus-visible{outline:2px solid var(--_accent);outline-offset:2px}
details ul{gap:.2rem;margin-top:.3rem}details li{border:0;padding:0}
.msg{margin:0;color:var(--_muted)}.msg.bad{color:var(--promise-warning,#9a3412)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (min-width:40rem){label{grid-template-columns:auto minmax(12rem,1fr) auto}}
`;

/** "2 h 14 min" (th: "2 ชม. 14 นาที"); under a minute counts as one. */
export function formatLeft(ms, words) {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE));
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} ${words.min}`;
  return m === 0 ? `${h} ${words.h}` : `${h} ${words.h} ${m} ${words.min}`;
}

/** A proto3 JSON Timestamp ("2026-11-26T07:00:00Z") or {seconds} as epoch ms. */
function instantMs(t) {
  if (typeof t === "string") return Date.parse(t);
  if (t && t.seconds !== undefined) return Number(t.seconds) * 1000 + (t.nanos ?? 0) / 1e6;
  return Number.NaN;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, v);
  for (const c of children) if (c != null) node.append(c);
  return node;
}

export class PromiseEstimate extends HTMLElement {
  static observedAttributes = ["sku", "postal-code", "country", "locale", "endpoint", "quantity"];

  #root;
  #live;
  #body;
  #countdown;
  #options = [];
  #current = -1;
  #timer = 0;
  #abort;
  #pending = 0;
  #shownLeft = "";
  #fetchedAt = 0;
  #announced = "";

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: "open" });
    const style = el("style");
    style.textContent = STYLE;
    this.#live = el("p", { class: "sr", "aria-live": "polite", "aria-atomic": "true" });
    this.#body = el("div", { class: "box", part: "box" });
    this.#root.append(style, this.#body, this.#live);
  }

  get words() {
    const language = (this.getAttribute("locale") || navigator.language || "en").slice(0, 2);
    return WORDS[language] ?? WORDS.en;
  }

  connectedCallback() {
    this.#schedule();
  }

  disconnectedCallback() {
    clearInterval(this.#timer);
    this.#timer = 0;
    this.#abort?.abort();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#schedule();
  }

  /** Reloads once per task, however many attributes changed. */
  #schedule() {
    if (this.#pending) return;
    this.#pending = setTimeout(() => {
      this.#pending = 0;
      this.refresh();
    });
  }

  /** Asks the service again (also when the shown promise's order_by passes). */
  async refresh() {
    const words = this.words;
    const sku = this.getAttribute("sku") ?? "";
    const postal = this.getAttribute("postal-code") ?? "";
    this.#abort?.abort();
    this.#fetchedAt = Date.now();
    const abort = new AbortController();
    this.#abort = abort;
    if (this.#options.length === 0) this.#message(words.loading);
    this.setAttribute("aria-busy", "true");
    const endpoint = (this.getAttribute("endpoint") ?? "").replace(/\/$/, "");
    const request = {
      sku,
      quantity: Number(this.getAttribute("quantity") || 1),
      destination: { countryCode: this.getAttribute("country") || "TH", postalCode: postal },
      locale: this.getAttribute("locale") || "en",
    };
    let answer;
    let error;
    try {
      const response = await fetch(endpoint + METHOD, {
        method: "POST",
        headers: { "content-type": "application/json", "connect-protocol-version": "1" },
        body: JSON.stringify(request),
        signal: abort.signal,
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) answer = body;
      else error = body;
    } catch (err) {
      if (abort.signal.aborted) return;
      error = { code: "unavailable", message: String(err) };
    }
    if (abort.signal.aborted) return;
    this.removeAttribute("aria-busy");
    if (error !== undefined) return this.#failed(error, postal);
    const options = (answer.options ?? []).map((o) => ({ ...o, orderByMs: instantMs(o.orderBy) }));
    if (answer.availability === "AVAILABILITY_UNAVAILABLE" || options.length === 0) {
      this.#options = [];
      return this.#message(words.noStock, true, true);
    }
    this.#options = options;
    this.#current = -1;
    this.#render();
    this.dispatchEvent(new CustomEvent("promise-estimate", { detail: answer, bubbles: true }));
  }

  #failed(error, postal) {
    const words = this.words;
    this.#options = [];
    const message = String(error.message ?? "");
    if (/^destination\./.test(message)) return this.#message(words.noService(postal), true, true);
    if (error.code === "not_found" && /^sku/.test(message)) {
      return this.#message(words.unknown, true, true);
    }
    this.#message(words.failed, true, true);
  }

  #message(text, bad = false, announce = false) {
    clearInterval(this.#timer);
    this.#timer = 0;
    this.#countdown = undefined;
    const p = el("p", { class: bad ? "msg bad" : "msg", part: "message" }, text);
    this.#body.replaceChildren(el("h2", { part: "title" }, this.words.title), p);
    if (announce) this.#live.textContent = text;
    this.#announced = "";
  }

  #render() {
    const words = this.words;
    const locale = this.getAttribute("locale") || "en";
    const name = `promise-${Math.random().toString(36).slice(2)}`;
    const list = el("ul", { role: "list", "aria-label": words.options, part: "options" });
    this.#options.forEach((option, i) => {
      const price = option.price ?? {};
      const amount = Number(price.units ?? 0) + (price.nanos ?? 0) / 1e9;
      const priceText =
        amount === 0
          ? words.free
          : new Intl.NumberFormat(locale, {
              style: "currency",
              currency: price.currencyCode || "THB",
            }).format(amount);
      const radio = el("input", { type: "radio", name, value: option.serviceId ?? "" });
      if (i === 0) radio.checked = true;
      radio.addEventListener("change", () => {
        this.dispatchEvent(
          new CustomEvent("promise-select", { detail: option, bubbles: true, composed: true }),
        );
      });
      const row = el(
        "label",
        { part: "option" },
        radio,
        el("span", { class: "win", part: "window" }, option.deliveryLabel ?? ""),
        el("span", { class: "price", part: "price" }, priceText),
        el("span", { class: "svc" }, option.serviceName ?? ""),
      );
      const item = el("li", {}, row);
      const reasons = (option.reasons ?? []).map((r) => r.text || r.detail || r.code);
      if (reasons.length > 0) {
        item.append(
          el(
            "details",
            { part: "reasons" },
            el("summary", {}, words.why),
            el("ul", {}, ...reasons.map((text) => el("li", {}, text))),
          ),
        );
      }
      list.append(item);
    });
    this.#countdown = el("p", { class: "cd", part: "countdown" });
    this.#shownLeft = "";
    this.#body.replaceChildren(el("h2", { part: "title" }, words.title), this.#countdown, list);
    this.#tick();
    clearInterval(this.#timer);
    this.#timer = setInterval(() => this.#tick(), 1000);
  }

  /**
   * Once a second: the countdown to the first option whose order_by is still ahead. The visible
   * text changes once a minute; the live region speaks only when the promise itself changes.
   */
  #tick() {
    if (this.#countdown === undefined) return;
    const now = Date.now();
    const next = this.#options.findIndex((o) => o.orderByMs > now);
    if (next < 0) {
      this.#countdown.textContent = "";
      this.#shownLeft = "";
      // Every shown promise passed: ask again, at most twice a minute.
      if (now - this.#fetchedAt > 30_000) this.refresh();
      return;
    }
    const option = this.#options[next];
    const words = this.words;
    const text = words.within(formatLeft(option.orderByMs - now, words), option.deliveryLabel);
    if (text !== this.#shownLeft) {
      this.#countdown.textContent = text;
      this.#shownLeft = text;
    }
    if (next !== this.#current) {
      const moved = this.#current >= 0;
      this.#current = next;
      // The shown promise passed: ask for fresh options, which may hold later dates.
      if (moved) this.refresh();
    }
    // Speak only when the promise itself changes (not when the same one is shown again).
    const key = `${option.serviceId}|${option.orderByMs}|${option.deliveryLabel}`;
    if (key !== this.#announced) {
      this.#announced = key;
      this.#live.textContent = text;
    }
  }
}

if (!customElements.get("promise-estimate")) {
  customElements.define("promise-estimate", PromiseEstimate);
}
