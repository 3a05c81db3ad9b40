//! The Record builder view: a guided builder, its output with our own
//! checker's verdict, the rollout plan, the checker for pasted records and
//! sender set-up help. A thin layer over `dmarc_core::record`: nothing here
//! parses or judges a record.

pub mod checker;
mod clipboard;
pub mod output;
pub mod reports;
pub mod rollout;
pub mod setup;
pub mod state;
pub mod steps;
pub mod widgets;

use dmarc_core::record::{build, BuilderLink};
use yew::prelude::*;

use self::checker::Checker;
use self::output::{verdict, Output};
use self::reports::{
    AlignmentStep, FailureOptionsStep, ReportFormatStep, ReportsStep, SpfOnlyStep,
};
use self::rollout::Rollout;
use self::setup::Setup;
use self::state::{Action, BuilderState, CopyTarget};
use self::steps::{DomainStep, EnforcementStep, PolicyStep, SubdomainStep, TagSetStep};
use crate::ids::builder as ids;
use crate::services::suffix_list::{self, ListState};
use crate::state::AppContext;

fn s_domain(state: &BuilderState) -> String {
    state.domain.trim().to_owned()
}

/// The Record builder view.
#[function_component(BuilderPage)]
pub fn builder_page() -> Html {
    let lang = use_context::<AppContext>()
        .map(|s| s.lang)
        .unwrap_or_default();
    let state = use_reducer(BuilderState::default);
    // A link (a bookmark, or a readiness verdict's next record) fills the form.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            if let Some(link) = crate::services::url::builder_link_from_location() {
                let rua = crate::services::prefs::remembered_rua();
                dispatcher.dispatch(Action::OpenedFromLink(link, rua));
            }
        });
    }
    // The Public Suffix List, fetched when the builder first opens: until it is
    // there the output and the checker say so (the core answers nothing).
    let list = use_state(suffix_list::current);
    {
        let list = list.clone();
        use_effect_with((), move |_| {
            if *list != ListState::Ready {
                wasm_bindgen_futures::spawn_local(
                    async move { list.set(suffix_list::load().await) },
                );
            }
        });
    }
    let ready = *list == ListState::Ready;
    let built = use_memo((state.choices(), ready), |(c, _)| {
        build(c).map(|b| {
            let v = verdict(&b, c);
            (b, v)
        })
    });
    let checker_deps = (
        state.checker_text.clone(),
        state.checker_domain.clone(),
        state.domain.clone(),
        ready,
    );
    let checked = use_memo(checker_deps, |(text, domain, builder_domain, _)| {
        checker::run(text, domain, builder_domain)
    });
    let onaction = {
        let state = state.clone();
        Callback::from(move |action: Action| {
            let opening = action == Action::OpenedInBuilder;
            state.dispatch(action);
            if opening {
                crate::services::focus::focus_by_id(ids::DOMAIN);
            }
        })
    };
    let oncopy = {
        let dispatcher = state.dispatcher();
        Callback::from(move |(target, text): (CopyTarget, String)| {
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if clipboard::write_text(&text).await {
                    dispatcher.dispatch(Action::Copied(target));
                } else {
                    dispatcher.dispatch(Action::CopyFailed);
                }
            });
        })
    };
    let jump = |id: &'static str| {
        Callback::from(move |_: MouseEvent| crate::services::focus::focus_by_id(id))
    };
    // Keep the record in the address (so it can be bookmarked and shared),
    // and remember the report addresses for the next link without them.
    {
        let link = BuilderLink {
            domain: s_domain(&state),
            record: built
                .as_ref()
                .as_ref()
                .map(|(b, _)| b.value.clone())
                .unwrap_or_default(),
            why: None,
        };
        let rua: Vec<String> = state
            .choices()
            .rua
            .iter()
            .map(|u| u.address.clone())
            .collect();
        use_effect_with((link.to_query(), rua), |(query, rua)| {
            crate::services::url::set_builder_query(query);
            crate::services::prefs::remember_rua(rua);
        });
    }
    let onsubmit = Callback::from(|e: SubmitEvent| e.prevent_default());
    let error = built.as_ref().as_ref().err().cloned();
    let authorizations: Vec<String> = built
        .as_ref()
        .as_ref()
        .map(|(b, _)| b.authorizations.iter().map(|a| a.zone_line()).collect())
        .unwrap_or_default();
    let shared = std::rc::Rc::new((*state).clone());
    let s = &*shared;
    html! {
        <div class="page page-builder">
            <h1>{ lang.t("builder.title") }</h1>
            <p class="lead">{ lang.t("builder.ui.intro") }</p>
            <div class="jumps">
                <button type="button" class="link-button" onclick={jump(ids::CHECKER_INPUT)}>
                    { lang.t("builder.ui.jump_checker") }
                </button>
                <button type="button" class="link-button" onclick={jump(ids::SETUP_DOMAIN)}>
                    { lang.t("builder.ui.jump_setup") }
                </button>
            </div>
            <div class="builder-layout">
                <form id={ids::FORM} class="builder-form" aria-labelledby="form-title" {onsubmit} novalidate=true>
                    <h2 id="form-title">{ lang.t("builder.ui.form_title") }</h2>
                    <div id={ids::OPENED_NOTICE} role="status" class="notice-slot">
                        if let Some((domain, why)) = &s.from_link {
                            <div class="notice">
                                <p>{ lang.t_args("builder.ui.opened_from_readiness", &[
                                    ("domain", domain.as_str().into()),
                                    ("verdict", lang.t(&format!("readiness.{why}")).into()),
                                ]) }</p>
                                if s.rua.iter().all(|d| d.address.trim().is_empty()) {
                                    <p>{ lang.t("builder.ui.opened_add_rua") }</p>
                                }
                            </div>
                        }
                        if s.opened_from_checker {
                            <div class="notice">
                                <p>{ lang.t("builder.ui.opened_notice") }</p>
                                if !s.left_out.is_empty() {
                                    <p>{ lang.t_args("builder.ui.opened_left_out", &[("tags", s.left_out.join(", ").into())]) }</p>
                                }
                            </div>
                        }
                    </div>
                    <DomainStep {lang} state={shared.clone()} onaction={onaction.clone()} error={error.clone()} />
                    <TagSetStep {lang} state={shared.clone()} onaction={onaction.clone()} />
                    <PolicyStep {lang} state={shared.clone()} onaction={onaction.clone()} />
                    <SubdomainStep {lang} state={shared.clone()} onaction={onaction.clone()} />
                    <EnforcementStep {lang} state={shared.clone()} onaction={onaction.clone()} />
                    <ReportsStep {lang} state={shared.clone()} onaction={onaction.clone()} error={error.clone()}
                        authorizations={authorizations} />
                    <AlignmentStep {lang} state={shared.clone()} onaction={onaction.clone()} />
                    <FailureOptionsStep {lang} state={shared.clone()} onaction={onaction.clone()} />
                    <ReportFormatStep {lang} state={shared.clone()} onaction={onaction.clone()} />
                    <SpfOnlyStep {lang} state={shared.clone()} onaction={onaction.clone()} />
                </form>
                <Output {lang} result={built.clone()} waiting={s.domain.trim().is_empty()} list={(*list).clone()}
                    copied={s.copied} copy_failed={s.copy_failed} oncopy={oncopy.clone()} />
            </div>
            <Rollout {lang} tag_set={s.tag_set} position={s.rollout_position()} onaction={onaction.clone()} />
            <Checker {lang} text={s.checker_text.clone()} domain={s.checker_domain.clone()}
                {checked} loading={*list == ListState::Loading} onaction={onaction.clone()} />
            <Setup {lang} form={s.setup.clone()} builder_domain={s.domain.clone()}
                copied={s.copied} {onaction} {oncopy} />
        </div>
    }
}
