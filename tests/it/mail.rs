//! E-mail to organisations through a real SMTP conversation: a small stand-in server on port
//! 0 speaks just enough SMTP to take one message, and the mailer talks to it with lettre.

use passerelle::providers::email::SmtpMailer;
use passerelle::providers::{Email, Mailer, ProviderError};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Accepts one SMTP session; answers `rcpt` to RCPT TO; returns what DATA carried.
async fn smtp_stand_in(rcpt: &'static str) -> (u16, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let (read, mut write) = socket.into_split();
        let mut lines = BufReader::new(read).lines();
        write
            .write_all(b"220 mairie.example ESMTP\r\n")
            .await
            .unwrap();
        let mut data = String::new();
        let mut in_data = false;
        while let Ok(Some(line)) = lines.next_line().await {
            if in_data {
                if line == "." {
                    in_data = false;
                    write.write_all(b"250 2.0.0 queued\r\n").await.unwrap();
                } else {
                    data.push_str(&line);
                    data.push('\n');
                }
                continue;
            }
            let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
            let answer: &[u8] = match verb.as_str() {
                "EHLO" | "HELO" => b"250 mairie.example\r\n",
                "MAIL" => b"250 2.1.0 ok\r\n",
                "RCPT" => rcpt.as_bytes(),
                "DATA" => {
                    in_data = true;
                    b"354 go on\r\n"
                }
                "QUIT" => {
                    write.write_all(b"221 bye\r\n").await.unwrap();
                    break;
                }
                _ => b"250 ok\r\n",
            };
            write.write_all(answer).await.unwrap();
        }
        data
    });
    (port, task)
}

#[tokio::test]
async fn an_organisation_gets_its_e_mail_through_smtp() {
    let (port, server) = smtp_stand_in("250 2.1.5 ok\r\n").await;
    let mailer = SmtpMailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "Passerelle <passerelle@mairie-rumilly.example>",
    )
    .unwrap();
    let id = mailer
        .send(&Email {
            to: "benevolat@restos.example",
            subject: "Nouvelle inscription : Distribuer des repas",
            body: "Bonjour,\nUne personne s'est inscrite à votre mission.",
            reference: "o12-1795816800",
        })
        .await
        .unwrap();
    assert_eq!(id, "<o12-1795816800@mairie-rumilly.example>");
    drop(mailer);
    let data = tokio::time::timeout(std::time::Duration::from_secs(5), server)
        .await
        .unwrap()
        .unwrap();
    assert!(data.contains("To: benevolat@restos.example"), "{data}");
    assert!(
        data.contains("Message-ID: <o12-1795816800@mairie-rumilly.example>"),
        "{data}"
    );
    assert!(data.contains("Subject:"), "{data}");
}

#[tokio::test]
async fn a_refused_address_is_final_and_an_unreachable_server_is_tried_again() {
    let (port, _server) = smtp_stand_in("550 5.1.1 no such user\r\n").await;
    let mailer = SmtpMailer::new(
        &format!("smtp://127.0.0.1:{port}"),
        "passerelle@mairie.example",
    )
    .unwrap();
    let email = Email {
        to: "personne@restos.example",
        subject: "x",
        body: "x",
        reference: "o1-1",
    };
    let e = mailer.send(&email).await.unwrap_err();
    assert!(matches!(e, ProviderError::Final { code: 550, .. }), "{e:?}");
    let nobody = SmtpMailer::new("smtp://127.0.0.1:9", "passerelle@mairie.example").unwrap();
    assert!(matches!(
        nobody.send(&email).await.unwrap_err(),
        ProviderError::Retryable(_)
    ));
    assert!(SmtpMailer::new("smtp://127.0.0.1:9", "pas une adresse").is_err());
}
