//! Text files of the generated crate (Cargo.toml, README) from minijinja
//! templates. Undefined variables are errors, so a typo in a template fails
//! generation instead of printing an empty string.

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::template::Templates;

pub struct TextRenderer<'t> {
    env: Environment<'t>,
}

impl<'t> TextRenderer<'t> {
    pub fn new(templates: &'t Templates) -> Result<Self> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        for (name, source) in &templates.text {
            env.add_template(name, source)
                .map_err(|e| Error::new(templates.dir.join(name), "", format!("invalid template: {e}")))?;
        }
        Ok(TextRenderer { env })
    }

    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<String> {
        let template =
            self.env.get_template(name).map_err(|e| Error::new(name, "", format!("missing template: {e}")))?;
        template.render(context).map_err(|e| Error::new(name, "", format!("template failed: {e:#}")))
    }
}
