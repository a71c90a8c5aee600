//! The clients `build.rs` generates from EVVA AirKey's and The SMS Works' own Swagger 2.0
//! files: `swagger_clients::evva_airkey_16_20_7_swagger` and
//! `swagger_clients::thesmsworks_1_5_0_swagger`.

// AirKey's protocol queries take up to 11 optional parameters, each an argument until
// operations with many parameters take a parameters struct.
#![allow(clippy::too_many_arguments)]

include!(concat!(env!("OUT_DIR"), "/swagger_clients.rs"));
