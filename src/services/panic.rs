//! A panic shows a message instead of a dead page.

use std::panic::PanicHookInfo;

use crate::i18n::Lang;

/// Replaces the page with a short bilingual message and logs the details.
pub fn show_panic(info: &PanicHookInfo<'_>) {
    web_sys::console::error_1(&info.to_string().into());
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let message = format!(
        "<div role=\"alert\" class=\"panic\"><p>{}</p><p lang=\"ja\">{}</p></div>",
        Lang::En.t("app.panic"),
        Lang::Ja.t("app.panic")
    );
    body.set_inner_html(&message);
}
