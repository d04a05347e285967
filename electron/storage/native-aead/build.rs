// Emits the linker flags a Node-API module needs (undefined napi_* symbols resolved by the host).
fn main() {
    napi_build::setup();
}
