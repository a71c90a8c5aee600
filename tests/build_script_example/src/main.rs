//! A crate that generates its client at build time: `build.rs` turns `specs/smsworks.yaml` into
//! `$OUT_DIR/api.rs`, included here as the `api` module.
//!
//! Run it against any server that speaks the spec, e.g. a Prism mock:
//! `SMSWORKS_BASE_URL=http://127.0.0.1:4010 cargo run -p build_script_example`.

mod api {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}

use api::smsworks;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base_url = std::env::var("SMSWORKS_BASE_URL")
        .unwrap_or_else(|_| smsworks::DEFAULT_BASE_URL.to_string());
    let client = smsworks::Client::with_base_url(base_url);
    let login = smsworks::Login {
        customerid: std::env::var("SMSWORKS_CUSTOMER_ID").ok(),
        key: std::env::var("SMSWORKS_KEY").ok(),
        secret: std::env::var("SMSWORKS_SECRET").ok(),
    };
    match client.login(&login).await {
        Ok(token) => println!("{}: token {}", token.status(), token.token),
        Err(api::Error::Api {
            error: smsworks::LoginError::Default { status, body },
            ..
        }) => {
            eprintln!("{status}: {}", body.message)
        }
        Err(other) => return Err(other.into()),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::api::smsworks;

    #[test]
    fn the_included_client_points_at_the_spec_server() {
        let client = smsworks::Client::new();
        assert_eq!(client.base_url(), "https://api.thesmsworks.co.uk/v1");
    }
}
