//! Kiosk: the engine's outputs as touch screens (askama views).
