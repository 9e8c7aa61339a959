//! OpenAPI 3.1 and JSON Schema 2020-12, from `specs/modern.yaml`: each expected value comes from
//! the schema's meaning as JSON Schema 2020-12, OpenAPI 3.1 and RFC 4648 define it, not from
//! what the generator writes today.

use sample_clients::modern::{
    Cat, CatKind, Client, Dog, Error, GetPetError, Nullable, Owner, Pet, PetAdoptedPayload, Reading, WebhookError,
    WebhookEvent,
};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn a_type_array_with_null_is_required_but_may_be_null() {
    // `nickname: {type: [string, "null"]}` is in `required`: null is a value, absence is not.
    let cat: Cat = serde_json::from_value(json!({"kind": "cat", "name": "Tom", "nickname": null})).unwrap();
    assert_eq!(cat.nickname, None);
    // Required, so it is always sent: as `null`, not left out.
    assert_eq!(serde_json::to_value(&cat).unwrap()["nickname"], json!(null));
}

#[test]
fn an_optional_any_of_with_a_null_branch_tells_absent_from_null() {
    // `owner: {anyOf: [Owner, {type: null}]}`, not required: absent, null and an Owner differ.
    let absent: Cat = serde_json::from_value(json!({"kind": "cat", "name": "Tom", "nickname": "T"})).unwrap();
    let null: Cat =
        serde_json::from_value(json!({"kind": "cat", "name": "Tom", "nickname": "T", "owner": null})).unwrap();
    let owned: Cat =
        serde_json::from_value(json!({"kind": "cat", "name": "Tom", "nickname": "T", "owner": {"name": "Ann"}}))
            .unwrap();
    assert_eq!(absent.owner, Nullable::Absent);
    assert_eq!(null.owner, Nullable::Null);
    assert_eq!(owned.owner, Nullable::Value(Owner::new("Ann")));
    assert!(serde_json::to_value(&absent).unwrap().get("owner").is_none());
    assert_eq!(serde_json::to_value(&null).unwrap()["owner"], json!(null));
}

#[test]
fn const_tags_tell_the_union_apart_and_base64_is_rfc_4648() {
    // `kind: {const: dog}` picks `Dog`; `chip` is `contentEncoding: base64` (RFC 4648 §4), and
    // "AQID" is the bytes 1, 2, 3.
    let pet: Pet = serde_json::from_value(json!({"kind": "dog", "name": "Rex", "chip": "AQID"})).unwrap();
    let Pet::Dog(dog) = &pet else { panic!("a dog: {pet:?}") };
    assert_eq!(dog.chip.0, vec![1, 2, 3]);
    assert_eq!(serde_json::to_value(&pet).unwrap(), json!({"kind": "dog", "name": "Rex", "chip": "AQID"}));
    let cat: Pet = serde_json::from_value(json!({"kind": "cat", "name": "Tom", "nickname": null})).unwrap();
    assert!(matches!(&cat, Pet::Cat(cat) if cat.kind == CatKind::Cat), "{cat:?}");
    // A `const` is a one-value type: another value is not that type's value.
    assert_ne!(serde_json::from_value::<CatKind>(json!("dog")).unwrap(), CatKind::Cat);
}

#[test]
fn a_required_const_is_filled_in_by_new() {
    // `kind: {const: cat}` is required: the only JSON a Cat may carry there is "cat", so `new`
    // takes the other required properties and sets it.
    let cat = Cat::new("Tom", None::<String>);
    assert_eq!(serde_json::to_value(&cat).unwrap(), json!({"kind": "cat", "name": "Tom", "nickname": null}));
    let dog = Dog::new("Rex", vec![1, 2, 3]);
    assert_eq!(serde_json::to_value(Pet::Dog(dog)).unwrap(), json!({"kind": "dog", "name": "Rex", "chip": "AQID"}));
}

#[test]
fn a_struct_whose_required_properties_hold_one_value_each_is_default() {
    // `Heartbeat: {required: [type], properties: {type: {const: heartbeat}, at: …}}`: `new` takes
    // nothing, so `Default` is there too, and sets the one value.
    use sample_clients::modern::Heartbeat;
    assert_eq!(Heartbeat::default(), Heartbeat::new());
    assert_eq!(serde_json::to_value(Heartbeat::default()).unwrap(), json!({"type": "heartbeat"}));
}

#[test]
fn a_type_array_of_several_types_is_a_union_of_those_types() {
    // `label: {type: [string, integer, "null"], maxLength: 16, minimum: 0}`, not required: a
    // string, an integer, null or absent; a boolean or a fraction is none of them.
    use sample_clients::modern::ReadingLabel;
    let read = |label| {
        serde_json::from_value::<Reading>(json!({"at": "2026-12-05T08:00:00Z", "value": 1.5, "label": label}))
            .map(|reading| reading.label)
    };
    assert_eq!(read(json!("t1")).unwrap(), Nullable::Value(ReadingLabel::String("t1".to_owned())));
    assert_eq!(read(json!(7)).unwrap(), Nullable::Value(ReadingLabel::Integer(7)));
    assert_eq!(read(json!(null)).unwrap(), Nullable::Null);
    for wrong in [json!(true), json!(1.5), json!({"a": 1})] {
        assert!(read(wrong.clone()).is_err(), "{wrong} is neither a string nor an integer");
    }
    let reading = Reading::new("2026-12-05T08:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap(), None::<f64>)
        .with_label(ReadingLabel::Integer(7));
    assert_eq!(serde_json::to_value(&reading).unwrap()["label"], json!(7));
}

#[test]
fn a_ref_with_siblings_and_a_ref_into_defs_are_typed() {
    // `vet: {$ref: Owner, description: …}` is still an Owner; `contact` is `Owner/$defs/Contact`.
    let dog: Dog = serde_json::from_value(json!({
        "kind": "dog", "name": "Rex", "chip": "",
        "vet": {"name": "Dr. Who", "contact": {"email": "who@example.com"}}
    }))
    .unwrap();
    let contact = dog.vet.and_then(|vet| vet.contact).expect("a typed contact");
    assert_eq!(contact.email.as_deref(), Some("who@example.com"));
}

#[test]
fn a_webhook_is_decoded_from_its_name_and_body() {
    let body = json!({"pet": {"kind": "cat", "name": "Tom", "nickname": null}, "owner": {"name": "Ann"}});
    let event = WebhookEvent::from_parts("petAdopted", body.to_string().as_bytes()).unwrap();
    let WebhookEvent::PetAdopted(PetAdoptedPayload { owner, .. }) = &event else { panic!("{event:?}") };
    assert_eq!(owner.name, "Ann");
    assert_eq!(event.name(), "petAdopted");
    let written: serde_json::Value = serde_json::from_slice(&event.to_body().unwrap()).unwrap();
    assert_eq!(written, body);
    let reading = WebhookEvent::from_parts("readingTaken", br#"{"at": "2026-12-05T08:00:00Z", "value": null}"#);
    assert!(matches!(reading, Ok(WebhookEvent::ReadingTaken(Reading { value: None, .. }))), "{reading:?}");
    assert_eq!(WebhookEvent::NAMES, ["petAdopted", "readingTaken"]);
    assert!(
        matches!(WebhookEvent::from_parts("petLost", b"{}"), Err(WebhookError::UnknownWebhook(name)) if name == "petLost")
    );
    let wrong = WebhookEvent::from_parts("petAdopted", br#"{"pet": {}}"#).unwrap_err();
    assert!(matches!(wrong, WebhookError::Body { name: "petAdopted", .. }), "{wrong}");
}

#[tokio::test]
async fn a_path_item_from_components_is_called_with_its_parameters() {
    // `/pets/{petId}` is `$ref: '#/components/pathItems/PetById'`: its path parameter and its
    // operation come from there; the API key goes in `X-API-Key` (the spec's apiKey scheme).
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets/7"))
        .and(header("x-api-key", "secret"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"kind": "cat", "name": "Tom", "nickname": null})))
        .mount(&server)
        .await;
    Mock::given(method("GET")).and(path("/pets/8")).respond_with(ResponseTemplate::new(404)).mount(&server).await;
    let client = Client::new(&server.uri()).unwrap().with_api_key("secret").unwrap();
    let pet = client.get_pet(7).await.unwrap();
    assert!(matches!(pet, Pet::Cat(_)), "{pet:?}");
    assert!(matches!(client.get_pet(8).await, Err(Error::Api(GetPetError::NotFound))));
}

#[tokio::test]
async fn bounds_past_64_bits_leave_the_parameter_an_i64() {
    // `after` has `minimum: -9223372036854776000` (i64::MIN rounded by JavaScript): the whole
    // i64 range is still sent as written.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/readings"))
        .and(wiremock::matchers::query_param("after", i64::MIN.to_string()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"at": "2026-12-05T08:00:00Z", "value": 21.5}])))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let readings = client.list_readings().after(i64::MIN).await.unwrap();
    assert_eq!(readings.len(), 1);
    assert_eq!(readings[0].value, Some(21.5));
}

#[test]
fn prefix_items_of_fixed_length_are_tuples() {
    // `where`: prefixItems [number, number], minItems = maxItems = 2; `sensor`: prefixItems
    // [string, int32] with `items: false` (nothing after them) and minItems 2.
    let reading: Reading = serde_json::from_value(json!({
        "at": "2026-12-05T08:00:00Z", "value": 1.5, "where": [52.5, 13.25], "sensor": ["t1", 3]
    }))
    .unwrap();
    assert_eq!(reading.r#where, Some((52.5, 13.25)));
    assert_eq!(reading.sensor, Some(("t1".to_owned(), 3)));
    assert_eq!(serde_json::to_value(&reading).unwrap()["sensor"], json!(["t1", 3]));
    // A third item breaks `items: false`, a missing one `minItems`, a string where the
    // prefixItems say integer breaks the second member's type.
    for sensor in [json!(["t1", 3, 4]), json!(["t1"]), json!(["t1", "3"])] {
        let wrong = json!({"at": "2026-12-05T08:00:00Z", "value": 1.5, "sensor": sensor});
        assert!(serde_json::from_value::<Reading>(wrong).is_err(), "{sensor} is not a sensor");
    }
}

#[tokio::test]
async fn binary_content_media_type_parts_are_files_and_a_null_list_sends_none() {
    // OpenAPI 3.1 §4.8.14.3: `type: string, contentMediaType: application/octet-stream` without
    // `contentEncoding` is raw bytes; in multipart each item of the array is its own part
    // (RFC 7578 §4.3), sent with that media type.
    use sample_clients::modern::UploadPhotosRequest;
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/pets/7/photos"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let photos = vec![b"\x89PNG\r\n".to_vec().into(), b"\x00\x01\xff".to_vec().into()];
    let body = UploadPhotosRequest::new().with_photos(photos).with_caption("Rex");
    client.upload_photos(7, &body).await.unwrap();
    client.upload_photos(7, &UploadPhotosRequest::new().with_photos(Nullable::Null)).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let sent = &requests[0].body;
    let text = String::from_utf8_lossy(sent);
    assert_eq!(text.matches("form-data; name=\"photos\"").count(), 2, "{text}");
    assert_eq!(text.matches("Content-Type: application/octet-stream").count(), 2, "{text}");
    assert!(sent.windows(6).any(|w| w == b"\x89PNG\r\n") && sent.windows(3).any(|w| w == b"\x00\x01\xff"));
    assert!(text.contains("name=\"caption\"\r\n\r\nRex\r\n"), "{text}");
    assert!(!String::from_utf8_lossy(&requests[1].body).contains("photos"), "null sends no part");
}

#[tokio::test]
async fn an_all_of_of_a_union_and_an_object_is_one_object_with_both() {
    // `Sighting: allOf [Place, {petId, note}]`, `Place: oneOf [Coordinates, Address]` told apart
    // by `type`. JSON Schema 2020-12 §10.2.1.1: an instance is valid against every `allOf` part,
    // so the place's properties and `petId` are keys of one object.
    use sample_clients::modern::{Address, Coordinates, Place, Sighting};
    let server = MockServer::start().await;
    let sent = json!({"type": "coordinates", "lat": 52.5, "lon": 13.25, "petId": 7});
    let answer = json!({"type": "address", "street": "Main St 1", "petId": 7, "note": "by the bakery"});
    Mock::given(method("POST"))
        .and(path("/sightings"))
        .and(wiremock::matchers::body_json(&sent))
        .respond_with(ResponseTemplate::new(201).set_body_json(&answer))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let place = Place::Coordinates(Coordinates::new(52.5, 13.25));
    let sighting = Sighting::new(7, place);
    let stored = client.report_sighting(&sighting).await.unwrap();
    let Place::Address(Address { street, .. }) = &stored.place else { panic!("an address: {stored:?}") };
    assert_eq!(street, "Main St 1");
    assert_eq!((stored.pet_id, stored.note.as_deref()), (7, Some("by the bakery")));
    assert_eq!(serde_json::to_value(&stored).unwrap(), answer);
    // A known tag with a payload that is not its schema's is no `Place`; without `petId` the
    // object breaks `required`.
    for wrong in [
        json!({"type": "coordinates", "lat": "north", "lon": 13.25, "petId": 7}),
        json!({"type": "address", "street": "Main St 1"}),
    ] {
        assert!(serde_json::from_value::<Sighting>(wrong.clone()).is_err(), "{wrong} is not a sighting");
    }
}
