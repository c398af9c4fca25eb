// Generates an image through Imagegate with the official OpenAI Node SDK; only baseURL and apiKey differ
// from a script written for OpenAI. Usage: IMAGEGATE_URL=http://localhost:8080 IMAGEGATE_KEY=ig_... node generate.mjs
import OpenAI from "openai";

const client = new OpenAI({
  baseURL: `${process.env.IMAGEGATE_URL ?? "http://localhost:8080"}/v1`,
  apiKey: process.env.IMAGEGATE_KEY,
});

const result = await client.images.generate({
  model: process.env.IMAGEGATE_MODEL ?? "ideogram-v3-turbo",
  prompt: "A vintage travel poster for Tokyo with \"Visit Tokyo\" in retro lettering",
  size: "1024x1024",
  n: 1,
});
console.log(JSON.stringify({ created: result.created, url: result.data[0].url }));

const b64 = await client.images.generate({
  model: "sandbox-image",
  prompt: "a lighthouse at dusk",
  size: "256x256",
  response_format: "b64_json",
});
console.log(JSON.stringify({ b64_json_bytes: Buffer.from(b64.data[0].b64_json, "base64").length }));

const models = await client.models.list();
console.log(JSON.stringify({ models: models.data.map((m) => m.id) }));
