//! The notice that a newer release is ready (installed by the service worker
//! beside the running one), with the button that switches to it.

use yew::prelude::*;

use crate::i18n::Lang;
use crate::ids;

/// Properties of [`UpdateNotice`].
#[derive(Properties, PartialEq)]
pub struct UpdateNoticeProps {
    /// The language to speak.
    pub lang: Lang,
    /// Whether a newer release is ready.
    pub ready: bool,
    /// Switches to the newer release (the page reloads).
    pub onapply: Callback<()>,
}

/// A live region, empty until a newer release is ready.
#[function_component(UpdateNotice)]
pub fn update_notice(props: &UpdateNoticeProps) -> Html {
    let lang = props.lang;
    let onclick = props.onapply.reform(|_: MouseEvent| ());
    html! {
        <div id={ids::UPDATE_NOTICE} class="update-notice" role="status">
            if props.ready {
                <p>{ lang.t("app.update_ready") }</p>
                <button id={ids::UPDATE_APPLY} type="button" {onclick}>{ lang.t("app.update_apply") }</button>
            }
        </div>
    }
}
