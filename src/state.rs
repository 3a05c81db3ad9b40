//! The root store: one `use_reducer` behind a context provider.
//!
//! [`apply`] is a pure function of the state and an action, so native tests
//! cover every transition.

use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::Lang;

/// Everything the shell knows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    /// The language the interface speaks.
    pub lang: Lang,
}

/// What can happen to the shell's state.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The person chose a language.
    LanguageChosen(Lang),
}

/// The next state after `action`.
pub fn apply(state: &AppState, action: Action) -> AppState {
    let mut next = state.clone();
    match action {
        Action::LanguageChosen(lang) => next.lang = lang,
    }
    next
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(apply(&self, action))
    }
}

/// The handle components read the store through.
pub type AppContext = UseReducerHandle<AppState>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choosing_a_language_changes_only_the_language() {
        let state = AppState::default();
        let next = apply(&state, Action::LanguageChosen(Lang::Ja));
        assert_eq!(next.lang, Lang::Ja);
        assert_eq!(apply(&next, Action::LanguageChosen(Lang::En)), state);
    }
}
