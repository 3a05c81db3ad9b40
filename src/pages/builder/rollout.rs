//! The staged rollout plan: from `p=none` with reports to `reject`, with
//! what to check before each step and a button that sets the builder to it.

use dmarc_core::record::{rollout_plan, TagSet};
use yew::prelude::*;

use super::state::Action;
use crate::i18n::Lang;
use crate::ids::builder as ids;

/// Properties of [`Rollout`].
#[derive(Properties, PartialEq)]
pub struct RolloutProps {
    /// The interface language.
    pub lang: Lang,
    /// The tag set the plan is for.
    pub tag_set: TagSet,
    /// The step the builder's choices match, if any.
    pub position: Option<usize>,
    /// Where the plan sends "use this step".
    pub onaction: Callback<Action>,
}

/// The plan, as an ordered list.
#[function_component(Rollout)]
pub fn rollout(props: &RolloutProps) -> Html {
    let lang = props.lang;
    let steps = rollout_plan(props.tag_set);
    html! {
        <section id={ids::ROLLOUT} class="rollout" aria-labelledby="rollout-title">
            <h2 id="rollout-title">{ lang.t("rollout.title") }</h2>
            <p>{ lang.t("rollout.intro") }</p>
            <ol class="rollout-steps">
                { for steps.iter().enumerate().map(|(i, step)| {
                    let current = props.position == Some(i);
                    let onclick = props.onaction.reform(move |_: MouseEvent| Action::RolloutStepTaken(i));
                    let days = lang.t_count("count.days", u64::from(step.min_days), &[]);
                    html! {
                        <li class={classes!("rollout-step", current.then_some("current"))}
                            aria-current={current.then_some("step")}>
                            <h3>{ lang.t(&step.key("title")) }</h3>
                            if current {
                                <p class="badge">{ lang.t("builder.ui.rollout_current") }</p>
                            }
                            <p>{ lang.t_args(&step.key("body"), &[("days", days.into())]) }</p>
                            <p class="checks-title">{ lang.t("builder.ui.rollout_checks") }</p>
                            <ul class="checks">
                                { for step.check_keys().iter().map(|k| html! { <li>{ lang.t(k) }</li> }) }
                            </ul>
                            <button type="button" id={ids::rollout_step(i)} {onclick}>
                                { lang.t("builder.ui.rollout_apply") }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
