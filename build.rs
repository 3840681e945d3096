//! Rebuilds when a migration changes: `sqlx::migrate!` embeds them at compile time, and cargo
//! would not otherwise notice a changed `.sql` file.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
